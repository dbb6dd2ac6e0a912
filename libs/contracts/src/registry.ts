import { AnyContract } from './contract';

export class UnknownContract extends Error {
  readonly code = 'CONTRACTS.UNKNOWN';
  constructor(
    readonly contract: string,
    readonly version: number,
  ) {
    super(`unknown contract ${contract} v${version}`);
  }
}

/** The contracts one service publishes or consumes, or the catalogue of all of them (for AsyncAPI). */
export class ContractRegistry {
  private readonly byId = new Map<string, AnyContract>();

  constructor(contracts: Iterable<AnyContract> = []) {
    for (const contract of contracts) this.register(contract);
  }

  register(contract: AnyContract): this {
    const existing = this.byId.get(contract.id);
    if (existing && existing !== contract) throw new Error(`contract ${contract.id} is registered twice`);
    this.byId.set(contract.id, contract);
    return this;
  }

  find(name: string, version: number): AnyContract | undefined {
    return this.byId.get(`${name}.v${version}`);
  }

  get(name: string, version: number): AnyContract {
    const contract = this.find(name, version);
    if (!contract) throw new UnknownContract(name, version);
    return contract;
  }

  /** Sorted by name, then version. */
  all(): AnyContract[] {
    return [...this.byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version);
  }

  topics(): string[] {
    return [...new Set(this.all().map((c) => c.topic))].sort();
  }
}
