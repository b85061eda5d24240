/** Disjoint sets over string keys, with path halving: groups pairs into connected groups. */
export class UnionFind {
  private readonly parent = new Map<string, string>();

  find(x: string): string {
    let node = x;
    for (;;) {
      const up = this.parent.get(node) ?? node;
      if (up === node) return node;
      const grand = this.parent.get(up) ?? up;
      this.parent.set(node, grand);
      node = grand;
    }
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }

  /** Every group of two or more, as lists of members. */
  groups(): string[][] {
    const byRoot = new Map<string, string[]>();
    for (const x of this.parent.keys()) {
      const root = this.find(x);
      const members = byRoot.get(root) ?? [root];
      if (x !== root) members.push(x);
      byRoot.set(root, members);
    }
    return [...byRoot.values()].filter((g) => g.length > 1);
  }
}
