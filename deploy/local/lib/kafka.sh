# Apache Kafka, KRaft single node, from the official org.apache.kafka jars on Maven Central.
KAFKA_LIBS=$CACHE_DIR/kafka-$KAFKA_VERSION/libs
KAFKA_HOME=$DATA_DIR/kafka
KAFKA_PID=$RUN_DIR/kafka.pid

kafka_fetch() {
  [ -f "$KAFKA_LIBS/.complete" ] && return
  log "fetching Apache Kafka $KAFKA_VERSION jars with Maven (first run only)"
  rm -rf "$KAFKA_LIBS"; mkdir -p "$KAFKA_LIBS"
  mvn -q -B -f "$ROOT_DIR/deploy/local/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS" \
    >"$LOG_DIR/kafka-fetch.log" 2>&1 || die "Maven could not fetch Kafka, see $LOG_DIR/kafka-fetch.log"
  touch "$KAFKA_LIBS/.complete"
}

# Kafka's command-line tools (storage format, topic listing); they log errors only, to stderr.
kafka_java() {
  java -Xms64m -Xmx256m -XX:TieredStopAtLevel=1 -cp "$KAFKA_LIBS/*" \
    -Dlog4j2.configurationFile="$ROOT_DIR/deploy/local/kafka/tools-log4j2.properties" "$@"
}

kafka_write_config() {
  mkdir -p "$KAFKA_HOME" "$LOG_DIR/kafka"
  cat >"$KAFKA_HOME/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_HOME/logs
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
PROPS
  # Logs stay in files under .local/logs/kafka, never on the terminal.
  cat >"$KAFKA_HOME/log4j2.properties" <<PROPS
status = warn
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = $LOG_DIR/kafka/server.log
appender.file.filePattern = $LOG_DIR/kafka/server.log.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 20MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 3
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.state.name = state.change.logger
logger.state.level = WARN
PROPS
}

kafka_ping() { kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --list; }

kafka_up() {
  kafka_fetch
  if pid_alive "$KAFKA_PID"; then log "Kafka already running"; else
    port_open "$KAFKA_PORT" && die "port $KAFKA_PORT is taken by another program: set KAFKA_PORT"
    kafka_write_config
    if [ ! -f "$KAFKA_HOME/logs/meta.properties" ]; then
      log "formatting Kafka storage in $KAFKA_HOME/logs"
      local cluster_id; cluster_id=$(kafka_java kafka.tools.StorageTool random-uuid)
      kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_HOME/server.properties" \
        >"$LOG_DIR/kafka/format.log" 2>&1 || die "Kafka storage format failed, see $LOG_DIR/kafka/format.log"
    fi
    setsid nohup java -Xms256m -Xmx768m -XX:+UseG1GC -cp "$KAFKA_LIBS/*" \
      -Dlog4j2.configurationFile="$KAFKA_HOME/log4j2.properties" -Dkafka.logs.dir="$LOG_DIR/kafka" \
      kafka.Kafka "$KAFKA_HOME/server.properties" >"$LOG_DIR/kafka/stdout.log" 2>&1 < /dev/null &
    echo $! >"$KAFKA_PID"
  fi
  wait_for 90 "Kafka (metadata request)" kafka_ping || die "Kafka does not answer, see $LOG_DIR/kafka/server.log"
}

kafka_down() { stop_pid "$KAFKA_PID" Kafka; }

kafka_status() {
  if pid_alive "$KAFKA_PID" && kafka_ping >/dev/null 2>&1; then echo "kafka     up    127.0.0.1:$KAFKA_PORT ($KAFKA_VERSION)"
  else echo "kafka     down  127.0.0.1:$KAFKA_PORT"; return 1; fi
}
