// Keeps the code readable by the next engineer (issue 9's bar), as part of `npm run lint`:
//  - every file under src/sync under 450 lines;
//  - at most MAX_LONG functions over 60 lines across src/sync, src/providers, src/cli and
//    src/extension.ts (a long function holding a long callback counts once: it is one place to read);
//  - no import cycle among src/ files, `import type` included (a type-only cycle still ties two
//    modules together for the reader, and turns into a runtime one with the first value import).
// Uses the TypeScript compiler API only (already a devDependency), so it parses exactly what tsc does.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const MAX_FILE_LINES = 450;
const MAX_FUNCTION_LINES = 60;
const MAX_LONG = 3;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const rel = (abs) => path.relative(root, abs).split(path.sep).join('/');

function tsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const abs = path.join(dir, name);
    if (statSync(abs).isDirectory()) out.push(...tsFiles(abs));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(abs);
  }
  return out;
}

const sources = new Map(tsFiles(path.join(root, 'src')).map((f) => [f, ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true)]));
const problems = [];

for (const [file, sf] of sources) {
  const text = sf.getFullText();
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0); // as `wc -l` counts them
  if (rel(file).startsWith('src/sync/') && lines >= MAX_FILE_LINES) problems.push(`${rel(file)}: ${lines} lines (limit: under ${MAX_FILE_LINES})`);
}

/** Functions over the limit, outermost first; nested ones are reported under their container and not counted again. */
function longFunctions(sf) {
  const found = [];
  const visit = (node, inLong) => {
    let long = inLong;
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > MAX_FUNCTION_LINES) {
        found.push({ where: `${rel(sf.fileName)}:${start + 1}`, name: functionName(node), lines, nested: inLong });
        long = true;
      }
    }
    ts.forEachChild(node, (child) => visit(child, long));
  };
  visit(sf, false);
  return found;
}

function functionName(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return '(anonymous)';
}

const inScope = (f) => /^src\/(sync|providers|cli)\//.test(rel(f)) || rel(f) === 'src/extension.ts';
const long = [...sources].filter(([f]) => inScope(f)).flatMap(([, sf]) => longFunctions(sf));
const counted = long.filter((l) => !l.nested);
if (counted.length > MAX_LONG) {
  problems.push(`${counted.length} functions over ${MAX_FUNCTION_LINES} lines (at most ${MAX_LONG}):`);
  for (const l of long) problems.push(`  ${l.nested ? '  (inside the one above) ' : ''}${l.where} ${l.name}: ${l.lines} lines`);
}

/** Relative imports and re-exports of one file, resolved to files under src/. */
function importsOf(sf) {
  const out = [];
  const add = (spec) => {
    if (!spec.startsWith('.')) return;
    const base = path.resolve(path.dirname(sf.fileName), spec);
    const hit = [`${base}.ts`, path.join(base, 'index.ts'), base].find((c) => sources.has(c));
    if (hit) out.push(hit);
  };
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) add(node.moduleSpecifier.text);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) add(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function findCycles() {
  const graph = new Map([...sources].map(([f, sf]) => [f, importsOf(sf)]));
  const state = new Map(); // 1 = on the stack, 2 = done
  const stack = [];
  const cycles = [];
  const walk = (f) => {
    state.set(f, 1);
    stack.push(f);
    for (const next of graph.get(f)) {
      if (state.get(next) === 1) cycles.push([...stack.slice(stack.indexOf(next)), next].map(rel).join(' → '));
      else if (!state.has(next)) walk(next);
    }
    stack.pop();
    state.set(f, 2);
  };
  for (const f of graph.keys()) if (!state.has(f)) walk(f);
  return cycles;
}

for (const c of findCycles()) problems.push(`import cycle: ${c}`);

if (problems.length) {
  console.error(`check-size: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`check-size: ${sources.size} files; src/sync files under ${MAX_FILE_LINES} lines; ${counted.length} function(s) over ${MAX_FUNCTION_LINES} lines (at most ${MAX_LONG}); no import cycle`);
