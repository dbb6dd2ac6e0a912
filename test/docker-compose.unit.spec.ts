import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { parseServiceEnvironment, REQUIRED_SETTINGS, SERVICE_NAMES } from '@app/platform';
import { CONTAINER_IMAGES } from '@app/testing';

interface ComposeService {
  image?: string;
  build?: { dockerfile?: string; args?: Record<string, string> };
  environment?: Record<string, string>;
}

const root = resolve(__dirname, '..');
const compose = parse(readFileSync(resolve(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const dockerfile = readFileSync(resolve(root, 'Dockerfile'), 'utf8');

/** name:tag where the tag names a version (a digit and a dot), or an image digest. */
const PINNED = /^[a-z0-9./-]+(:(?=[^:]*\d\.\d)[A-Za-z0-9._-]+|@sha256:[a-f0-9]{64})$/;

describe('docker-compose.yml (cannot run here: no Docker engine, so it is checked instead)', () => {
  it.each(SERVICE_NAMES)('runs %s from the one Dockerfile with every required setting', (name) => {
    const service = compose.services[name];
    expect(service).toBeDefined();
    expect(service.build).toMatchObject({ dockerfile: 'Dockerfile', args: { APP: name } });
    for (const setting of REQUIRED_SETTINGS) expect(service.environment?.[setting]).toBeTruthy();
    expect(() => parseServiceEnvironment(service.environment ?? {})).not.toThrow();
    expect(service.environment?.HOST).toBe('0.0.0.0');
  });

  it('runs Kafka, KurrentDB, MongoDB and PostgreSQL', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['kafka', 'kurrentdb', 'mongo', 'postgres']));
  });

  it('pins every image, and uses the images the test harness starts with testcontainers', () => {
    const images = Object.values(compose.services).map((s) => s.image);
    for (const image of images) expect(image).toMatch(PINNED);
    expect(images).toEqual(expect.arrayContaining(Object.values(CONTAINER_IMAGES)));
  });

  it('builds on a pinned node:24 slim image in several stages', () => {
    const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]).filter((b) => b.includes(':'));
    expect(bases.length).toBeGreaterThanOrEqual(2);
    for (const base of bases) expect(base).toMatch(/^node:24\.\d+\.\d+-slim$/);
  });
});
