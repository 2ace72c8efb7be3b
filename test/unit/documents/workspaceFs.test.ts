import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  checkedPath,
  makeWorkspaceDir,
  readWorkspaceText,
  renameInWorkspace,
  UnsafePathError,
  workspaceEntryExists,
  writeWorkspaceFile,
} from '../../../src/sync/documents/workspaceFs';

describe('documents/workspaceFs: the one door to users\' files', () => {
  let root: string;
  let outside: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'ns-wsfs-'));
    outside = await fs.mkdtemp(path.join(os.tmpdir(), 'ns-wsfs-out-'));
    await fs.writeFile(path.join(outside, 'secret.md'), 'secret');
    await fs.mkdir(path.join(root, 'notes'));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
    await fs.rm(outside, { recursive: true, force: true });
  });
  const isLink = (linkPath: string) => (e: unknown) => e instanceof UnsafePathError && e.reason === 'symlink' && e.linkPath === linkPath;

  it('reads and writes real files, and answers null for a missing one', async () => {
    await writeWorkspaceFile(root, 'notes/deep/a.md', 'hello');
    assert.equal(await readWorkspaceText(root, 'notes/deep/a.md'), 'hello');
    assert.equal(await readWorkspaceText(root, 'notes/none.md'), null);
    assert.equal(await workspaceEntryExists(root, 'notes/deep'), true);
    await renameInWorkspace(root, 'notes/deep', 'moved/deep');
    assert.equal(await readWorkspaceText(root, 'moved/deep/a.md'), 'hello');
  });

  it('never reads through a linked file, even one pointing inside the workspace', async () => {
    await fs.mkdir(path.join(root, '.git'));
    await fs.writeFile(path.join(root, '.git', 'config'), 'token');
    await fs.symlink('../.git/config', path.join(root, 'notes', 'git config.md'));
    await fs.symlink(path.join(outside, 'secret.md'), path.join(root, 'notes', 'out.md'));
    await assert.rejects(readWorkspaceText(root, 'notes/git config.md'), isLink('notes/git config.md'));
    await assert.rejects(readWorkspaceText(root, 'notes/out.md'), isLink('notes/out.md'));
    await assert.rejects(workspaceEntryExists(root, 'notes/out.md'), UnsafePathError);
  });

  it('never writes over or through a linked file; the link and its target stay as they were', async () => {
    await fs.symlink(path.join(outside, 'secret.md'), path.join(root, 'notes', 'out.md'));
    await assert.rejects(writeWorkspaceFile(root, 'notes/out.md', 'pulled'), isLink('notes/out.md'));
    assert.equal(await fs.readFile(path.join(outside, 'secret.md'), 'utf8'), 'secret');
    assert.ok((await fs.lstat(path.join(root, 'notes', 'out.md'))).isSymbolicLink());
  });

  it('never writes into a linked folder, at any depth of the path', async () => {
    await fs.symlink(outside, path.join(root, 'notes', 'linked'), 'dir');
    await assert.rejects(writeWorkspaceFile(root, 'notes/linked/new.md', 'x'), isLink('notes/linked'));
    await assert.rejects(writeWorkspaceFile(root, 'notes/linked/a/b/new.md', 'x'), isLink('notes/linked'));
    await assert.rejects(makeWorkspaceDir(root, 'notes/linked/sub'), isLink('notes/linked'));
    await assert.rejects(renameInWorkspace(root, 'notes', 'notes/linked/x'), UnsafePathError);
    assert.deepEqual((await fs.readdir(outside)).sort(), ['secret.md']);
  });

  it('refuses paths outside the workspace', async () => {
    await assert.rejects(checkedPath(root, '../x.md'), (e: unknown) => e instanceof UnsafePathError && e.reason === 'outside');
    await assert.rejects(writeWorkspaceFile(root, path.join(outside, 'x.md'), 'x'), /outside the workspace/);
    await assert.rejects(checkedPath(root, '.'), /outside the workspace/);
  });

  it('accepts a workspace root that is itself reached through a link', async () => {
    const alias = path.join(outside, 'alias');
    await fs.symlink(root, alias, 'dir');
    await writeWorkspaceFile(alias, 'notes/a.md', 'via alias');
    assert.equal(await readWorkspaceText(alias, 'notes/a.md'), 'via alias');
  });
});
