import {
  DynamicModule,
  Inject,
  Injectable,
  InjectionToken,
  Logger,
  Module,
  ModuleMetadata,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { getConnectionToken, MongooseModule } from '@nestjs/mongoose';
import { EventStore } from '@app/event-store';
import { Connection } from 'mongoose';
import { collectionsOf, Projection } from './projection';
import { Projector, ProjectorOptions, ProjectorStatus } from './projector';

export interface ProjectionsModuleOptions {
  projections: Projection[];
  /** The token under which the service provides its (protected, upcasting) event store… */
  eventStore: InjectionToken<EventStore>;
  /** …and the modules that provide it, unless it comes from a global module. */
  imports?: ModuleMetadata['imports'];
  /** Run the projectors in this process; by default from PROJECTIONS_ENABLED (true unless "false"). */
  enabled?: boolean;
  projector?: Omit<ProjectorOptions, 'logger'>;
}

const OPTIONS = Symbol('PROJECTIONS_OPTIONS');
const PROJECTION_EVENT_STORE = Symbol('PROJECTION_EVENT_STORE');

/** PROJECTIONS_ENABLED: absent or "true" runs the projectors, "false" does not; anything else is an error. */
export function projectionsEnabled(env: Record<string, string | undefined> = process.env): boolean {
  const value = env.PROJECTIONS_ENABLED?.trim().toLowerCase();
  if (value === undefined || value === '' || value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`PROJECTIONS_ENABLED must be "true" or "false", not "${env.PROJECTIONS_ENABLED}"`);
}

/** Starts one projector per projection after boot and stops them on shutdown. */
@Injectable()
export class ProjectorHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  readonly projectors: Projector[];

  constructor(
    @Inject(OPTIONS) private readonly options: ProjectionsModuleOptions & { enabled: boolean },
    @Inject(getConnectionToken()) connection: Connection,
    @Inject(PROJECTION_EVENT_STORE) store: EventStore,
  ) {
    this.projectors = options.projections.map(
      (projection) => new Projector(store, connection, projection, { ...options.projector, logger: this.logger }),
    );
  }

  onApplicationBootstrap(): void {
    if (!this.options.enabled) {
      this.logger.log('projectors switched off (PROJECTIONS_ENABLED=false)');
      return;
    }
    // Not awaited: the service answers HTTP while projectors wait for MongoDB or catch up.
    for (const projector of this.projectors) projector.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.projectors.map((projector) => projector.stop()));
  }

  status(): ProjectorStatus[] {
    return this.projectors.map((projector) => projector.status());
  }
}

/**
 * A service's read models: registers each projection's mongoose models on the service's connection
 * (inject them with `@InjectModel('<collection>')`) and, unless switched off, runs the projectors.
 * Needs MongooseModule.forRoot… (PlatformModule has it) and the service's event store provider.
 */
@Module({})
export class ProjectionsModule {
  static forRoot(options: ProjectionsModuleOptions): DynamicModule {
    const enabled = options.enabled ?? projectionsEnabled();
    const models = [...collectionsOf(options.projections)].map(([name, schema]) => ({
      name,
      schema,
      collection: name,
    }));
    const features = MongooseModule.forFeature(models);
    return {
      module: ProjectionsModule,
      imports: [...(options.imports ?? []), features],
      providers: [
        { provide: OPTIONS, useValue: { ...options, enabled } },
        { provide: PROJECTION_EVENT_STORE, useExisting: options.eventStore },
        ProjectorHost,
      ],
      exports: [features, ProjectorHost],
    };
  }
}
