import { INestApplication, LogLevel, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { assertProductionSettings, ConfigurationError, parseServiceEnvironment } from './config/service-environment';
import { configureHttp } from './http/configure-http';
import { documentErrorBody, ErrorBody } from './http/error-body';
import { SERVICES, ServiceName } from './services';

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Creates the service's Nest application with the shared HTTP conventions (JSON body limit,
 * validation, error answers: libs/platform/src/http) and its OpenAPI document at /docs (JSON at
 * /docs-json).
 */
export async function createServiceApp(name: ServiceName, rootModule: Type<unknown>): Promise<INestApplication> {
  const env = parseServiceEnvironment(process.env);
  const level = env.LOG_LEVEL ?? 'log';
  const app = await NestFactory.create(rootModule, {
    logger: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1),
    abortOnError: false,
    // configureHttp registers the one JSON parser, with its size limit.
    bodyParser: false,
  });
  app.enableShutdownHooks();
  configureHttp(app);
  const service = SERVICES[name];
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`Child welfare — ${service.title} service`)
      .setDescription(
        `${service.summary}\n\nEvery error is answered as \`{ "error": { "code", "message", "details"? } }\` ` +
          '(schema ErrorBody); `code` is stable, `message` follows Accept-Language (zh-CN by default, or en). ' +
          'Routes other than /health and sign-in need `Authorization: Bearer <access_token>` from the gateway.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
    { extraModels: [ErrorBody] },
  );
  SwaggerModule.setup('docs', app, documentErrorBody(document), { jsonDocumentUrl: 'docs-json' });
  return app;
}

/**
 * Entry point of every service's main.ts. A configuration problem ends the process with one line
 * naming the setting, instead of a stack trace.
 */
export async function runService(name: ServiceName, loadRootModule: () => Promise<Type<unknown>>): Promise<void> {
  try {
    const env = parseServiceEnvironment(process.env);
    assertProductionSettings(name, process.env);
    const [host, port] = [env.HOST ?? '127.0.0.1', env.PORT ?? SERVICES[name].port];
    const app = await createServiceApp(name, await loadRootModule());
    await app.listen(port, host);
    console.log(`${name} listening on http://${host}:${port} (OpenAPI at /docs)`);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      console.error(`${name}: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
