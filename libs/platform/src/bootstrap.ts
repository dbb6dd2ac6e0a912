import { INestApplication, LogLevel, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ConfigurationError, parseServiceEnvironment } from './config/service-environment';
import { SERVICES, ServiceName } from './services';

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Creates the service's Nest application with its OpenAPI document at /docs (JSON at /docs-json). */
export async function createServiceApp(name: ServiceName, rootModule: Type<unknown>): Promise<INestApplication> {
  const env = parseServiceEnvironment(process.env);
  const level = env.LOG_LEVEL ?? 'log';
  const app = await NestFactory.create(rootModule, {
    logger: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  const service = SERVICES[name];
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`Child welfare — ${service.title} service`)
      .setDescription(service.summary)
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

/**
 * Entry point of every service's main.ts. A configuration problem ends the process with one line
 * naming the setting, instead of a stack trace.
 */
export async function runService(name: ServiceName, loadRootModule: () => Promise<Type<unknown>>): Promise<void> {
  try {
    const env = parseServiceEnvironment(process.env);
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
