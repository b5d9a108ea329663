import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { crossModuleSqlDebt } from './architecture-debt';

/**
 * The rules of the house that keep the modules apart (ARCHITECTURE.md, ADR 0004), checked on the
 * sources on every `npm test`:
 * - `src/domain` imports nothing of ours outside it;
 * - `src/web` imports from `src/server` only types, and only from `modules/<name>/api.ts`;
 * - no cycle of runtime imports between files, nor between server modules;
 * - a module never imports the composition roots (app, main, the schema, the seed registry);
 * - a module never imports another module's `tables.ts` (only schema files may, for foreign keys);
 * - a module's SQL names only its own tables (the debt still owed is listed, and may only shrink).
 */

const src = path.dirname(fileURLToPath(import.meta.url));
const rel = (file: string) => path.relative(src, file).split(path.sep).join('/');

interface Edge {
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) found.push(full);
  }
  return found;
}

function resolve(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Test support (fixtures, helpers, the test harness) is test code: the rules are for the product. */
const isTestSupport = (file: string) =>
  /(^|\/)test-[a-z-]+\.ts$/.test(rel(file)) || rel(file).startsWith('server/test/');
const files = sourceFiles(src).filter(
  (file) => !rel(file).startsWith('architecture') && !isTestSupport(file),
);
const texts = new Map(files.map((file) => [file, fs.readFileSync(file, 'utf8')]));

/** Relative imports of every file, with whether they bring in types only. */
const graph = new Map<string, Edge[]>();
for (const file of files) {
  const source = ts.createSourceFile(file, texts.get(file)!, ts.ScriptTarget.Latest, false);
  const edges: Edge[] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    const to = resolve(file, specifier);
    if (to) edges.push({ to, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  graph.set(file, edges);
}

/** `server/modules/<name>` of a file, or null. */
function moduleOf(file: string): string | null {
  const match = /^server\/modules\/([^/]+)\//.exec(rel(file));
  return match ? match[1]! : null;
}

/** Strongly connected components with more than one member (Tarjan). */
function cycles(nodes: Iterable<string>, next: (node: string) => Iterable<string>): string[][] {
  let index = 0;
  const indexes = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (node: string) => {
    indexes.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const other of next(node)) {
      if (!indexes.has(other)) {
        connect(other);
        low.set(node, Math.min(low.get(node)!, low.get(other)!));
      } else if (onStack.has(other)) {
        low.set(node, Math.min(low.get(node)!, indexes.get(other)!));
      }
    }
    if (low.get(node) === indexes.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of nodes) if (!indexes.has(node)) connect(node);
  return found;
}

const runtimeEdges = (file: string) =>
  (graph.get(file) ?? []).filter((edge) => !edge.typeOnly).map((edge) => edge.to);

describe('module boundaries', () => {
  it('finds the sources it checks', () => {
    expect(files.length).toBeGreaterThan(200);
    expect([...graph.values()].flat().length).toBeGreaterThan(1000);
  });

  it('keeps src/domain free of everything else of ours', () => {
    const outside = files
      .filter((file) => rel(file).startsWith('domain/'))
      .flatMap((file) =>
        (graph.get(file) ?? [])
          .filter((edge) => !rel(edge.to).startsWith('domain/'))
          .map((edge) => `${rel(file)} → ${rel(edge.to)}`),
      );
    expect(outside).toEqual([]);
  });

  it('lets the web app take only the API types of the server modules', () => {
    const wrong = files
      .filter((file) => rel(file).startsWith('web/'))
      .flatMap((file) =>
        (graph.get(file) ?? [])
          .filter((edge) => rel(edge.to).startsWith('server/'))
          .filter(
            (edge) => !edge.typeOnly || !/^server\/modules\/[^/]+\/api\.ts$/.test(rel(edge.to)),
          )
          .map((edge) => `${rel(file)} → ${rel(edge.to)}${edge.typeOnly ? '' : ' (runtime)'}`),
      );
    expect(wrong).toEqual([]);
  });

  it('has no cycle of runtime imports between files', () => {
    const found = cycles(files, runtimeEdges).map((cycle) => cycle.map(rel));
    expect(found).toEqual([]);
  });

  it('has no cycle between server modules', () => {
    const modules = new Map<string, Set<string>>();
    for (const file of files) {
      const from = moduleOf(file);
      if (!from) continue;
      if (!modules.has(from)) modules.set(from, new Set());
      // Schema files may reference other modules' tables (foreign keys); that is not a call.
      if (rel(file).endsWith('/tables.ts')) continue;
      for (const to of runtimeEdges(file)) {
        const target = moduleOf(to);
        if (target && target !== from) modules.get(from)!.add(target);
      }
    }
    const found = cycles(modules.keys(), (name) => modules.get(name) ?? []);
    const explained = found.map((cycle) =>
      cycle
        .flatMap((from) =>
          files
            .filter((file) => moduleOf(file) === from && !rel(file).endsWith('/tables.ts'))
            .flatMap((file) =>
              runtimeEdges(file)
                .filter((to) => {
                  const target = moduleOf(to);
                  return target !== null && target !== from && cycle.includes(target);
                })
                .map((to) => `${rel(file)} → ${rel(to)}`),
            ),
        )
        .sort(),
    );
    expect(explained).toEqual([]);
  });

  it('keeps modules away from the composition roots', () => {
    const roots = new Set(
      ['server/app.ts', 'server/main.ts', 'server/db/schema.ts', 'server/db/seed-registry.ts'].map(
        (file) => path.join(src, file),
      ),
    );
    const wrong = files
      .filter((file) => moduleOf(file) !== null)
      .flatMap((file) =>
        runtimeEdges(file)
          .filter((to) => roots.has(to))
          .map((to) => `${rel(file)} → ${rel(to)}`),
      );
    expect(wrong).toEqual([]);
  });

  it('never lets a module import the tables of another (schema files excepted)', () => {
    const wrong = files
      .filter((file) => moduleOf(file) !== null && !rel(file).endsWith('/tables.ts'))
      .flatMap((file) =>
        (graph.get(file) ?? [])
          .filter((edge) => rel(edge.to).endsWith('/tables.ts'))
          .filter((edge) => moduleOf(edge.to) !== moduleOf(file))
          .map((edge) => `${rel(file)} → ${rel(edge.to)}`),
      );
    expect(wrong).toEqual([]);
  });

  it('lets a module name in SQL only its own tables, besides the debt listed', () => {
    const owner = new Map<string, string>();
    for (const file of files) {
      const module = moduleOf(file);
      if (!module || !rel(file).endsWith('/tables.ts')) continue;
      for (const match of texts.get(file)!.matchAll(/pgTable\(\s*'([a-z_]+)'/g)) {
        owner.set(match[1]!, module);
      }
    }
    expect(owner.size).toBeGreaterThan(15);
    const found = new Set<string>();
    for (const file of files) {
      const module = moduleOf(file);
      if (!module) continue;
      for (const match of texts.get(file)!.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE)\s+([a-z_]+)\b/g)) {
        const table = match[1]!;
        const tableOwner = owner.get(table);
        if (tableOwner && tableOwner !== module) found.add(`${rel(file)}: ${table}`);
      }
    }
    const debt = new Set(crossModuleSqlDebt.map((entry) => entry.use));
    // New cross-module SQL is refused; repaid debt must leave the list (it may only shrink).
    expect([...found].filter((use) => !debt.has(use)).sort()).toEqual([]);
    expect([...debt].filter((use) => !found.has(use)).sort()).toEqual([]);
  });
});
