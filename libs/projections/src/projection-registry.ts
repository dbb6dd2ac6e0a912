import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EventStore } from '@app/event-store';
import { Pool } from 'pg';
import { assertValidProjection, Projection, ProjectionDefinitionError } from './projection';

/**
 * What a service exports for the rebuild command, by convention from `apps/<service>/src/projections.ts`:
 * its projections and, when they need upcast or decrypted events, how to open its event store the
 * way the service does (upcasters, personal-data vault). Without it the command reads through a
 * ProtectedEventStore with neither.
 */
export interface ProjectionRegistryModule {
  projections: Projection[];
  openEventStore?: (pool: Pool) => EventStore | Promise<EventStore>;
}

export interface RegisteredProjection {
  projection: Projection;
  /** Where it came from, for messages: a service name or a file. */
  source: string;
  openEventStore?: ProjectionRegistryModule['openEventStore'];
}

/** Projections by name, from every service that registered some; a name may be used once. */
export class ProjectionRegistry {
  private readonly byName = new Map<string, RegisteredProjection>();

  add(source: string, module: ProjectionRegistryModule): this {
    for (const projection of module.projections) {
      assertValidProjection(projection);
      const existing = this.byName.get(projection.name);
      if (existing)
        throw new ProjectionDefinitionError(
          `projection ${projection.name} is registered by both ${existing.source} and ${source}`,
        );
      this.byName.set(projection.name, { projection, source, openEventStore: module.openEventStore });
    }
    return this;
  }

  get(name: string): RegisteredProjection | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }
}

/** `<appsDir>/<service>/src/projections.js` of every compiled service that has one. */
export function discoverRegistryFiles(appsDir: string): string[] {
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(appsDir, entry.name, 'src', 'projections.js'))
    .filter((file) => existsSync(file))
    .sort();
}

/**
 * Loads a registry module by path at run time. The library does not import the services (they
 * depend on it, not the other way round); the command finds them by the convention above.
 */
export async function loadRegistryModule(file: string): Promise<ProjectionRegistryModule> {
  const loaded = (await import(pathToFileURL(file).href)) as Partial<ProjectionRegistryModule> & {
    default?: Partial<ProjectionRegistryModule>;
  };
  const module = Array.isArray(loaded.projections) ? loaded : loaded.default;
  if (!module || !Array.isArray(module.projections))
    throw new ProjectionDefinitionError(`${file} exports no "projections" array`);
  return module as ProjectionRegistryModule;
}
