// Sends the MongoDB `ping` command as an OP_MSG and exits 0 when the server answers { ok: 1 }.
// Plain node:net, so it runs before `npm ci` has installed any driver.
import net from 'node:net';

const [host = '127.0.0.1', port = '27017'] = process.argv.slice(2);

function bsonDocument(parts) {
  const body = Buffer.concat([...parts, Buffer.from([0])]);
  const size = Buffer.alloc(4);
  size.writeInt32LE(body.length + 4);
  return Buffer.concat([size, body]);
}
const int32 = (name, value) => {
  const v = Buffer.alloc(4);
  v.writeInt32LE(value);
  return Buffer.concat([Buffer.from([0x10]), Buffer.from(`${name}\0`), v]);
};
const string = (name, value) => {
  const len = Buffer.alloc(4);
  len.writeInt32LE(Buffer.byteLength(value) + 1);
  return Buffer.concat([Buffer.from([0x02]), Buffer.from(`${name}\0`), len, Buffer.from(`${value}\0`)]);
};

const doc = bsonDocument([int32('ping', 1), string('$db', 'admin')]);
const header = Buffer.alloc(16 + 4 + 1);
header.writeInt32LE(header.length + doc.length, 0); // messageLength
header.writeInt32LE(1, 4); // requestID
header.writeInt32LE(2013, 12); // opCode OP_MSG; flagBits and section kind 0 stay zero
const okTrue = Buffer.from([0x01, 0x6f, 0x6b, 0x00, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f]); // "ok": 1.0

const socket = net.connect(Number(port), host, () => socket.write(Buffer.concat([header, doc])));
let reply = Buffer.alloc(0);
socket.setTimeout(3000, () => process.exit(2));
socket.on('data', (chunk) => {
  reply = Buffer.concat([reply, chunk]);
  if (reply.length >= 4 && reply.length >= reply.readInt32LE(0)) {
    socket.end();
    process.exit(reply.includes(okTrue) ? 0 : 1);
  }
});
socket.on('error', () => process.exit(1));
