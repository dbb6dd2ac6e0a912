import { createServer } from 'node:net';
import { MongoDBContainer } from '@testcontainers/mongodb';
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { GenericContainer, Wait } from 'testcontainers';
import { CONTAINER_IMAGES, InfrastructureSettings } from './infrastructure';

/** Kafka settings shared with docker-compose.yml: single KRaft node, internal topics with one replica. */
export function kafkaKraftEnvironment(advertisedListener: string): Record<string, string> {
  return {
    KAFKA_NODE_ID: '1',
    KAFKA_PROCESS_ROLES: 'broker,controller',
    KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
    KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${advertisedListener}`,
    KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    KAFKA_NUM_PARTITIONS: '3',
  };
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Starts the same servers as docker-compose.yml; testcontainers' reaper removes them afterwards. */
export async function containerInfrastructure(): Promise<InfrastructureSettings> {
  // Kafka must advertise the address clients use, so its host port is chosen before it starts.
  const kafkaPort = await freePort();
  const [postgres, kafka, mongo] = await Promise.all([
    new PostgreSqlContainer(CONTAINER_IMAGES.postgres)
      .withDatabase('welfare')
      .withUsername('welfare')
      .withPassword('welfare')
      .start(),
    new GenericContainer(CONTAINER_IMAGES.kafka)
      .withEnvironment(kafkaKraftEnvironment(`localhost:${kafkaPort}`))
      .withExposedPorts({ container: 9092, host: kafkaPort })
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .withStartupTimeout(120_000)
      .start(),
    new MongoDBContainer(CONTAINER_IMAGES.mongo).start(),
  ]);
  return {
    DATABASE_URL: postgres.getConnectionUri(),
    KAFKA_BROKERS: `${kafka.getHost()}:${kafkaPort}`,
    MONGO_URL: `${mongo.getConnectionString()}/welfare?directConnection=true`,
  };
}
