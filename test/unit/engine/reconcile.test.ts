import assert from 'node:assert/strict';
import { reconcile, type ReconcileInput } from '../../../src/sync/engine/reconcile';

const base = (over: Partial<ReconcileInput>): ReconcileInput => ({
  mode: 'publish',
  known: { localHash: 'L0', remoteHash: 'R0' },
  localHash: 'L0',
  remoteHash: 'R1',
  ...over,
});

describe('reconcile', () => {
  it('writes when the file is missing', () => {
    assert.equal(reconcile(base({ localHash: null })), 'write');
  });
  it('writes when only Notion changed', () => {
    assert.equal(reconcile(base({})), 'write');
  });
  it('records nothing to do when both sides agree, even after both changed', () => {
    assert.equal(reconcile(base({ localHash: 'X', remoteHash: 'X' })), 'in-sync');
  });
  it('does nothing when neither side moved since they were settled, even if they differ', () => {
    assert.equal(reconcile(base({ localHash: 'L0', remoteHash: 'R0' })), 'unchanged');
  });
  it('keeps a local edit when Notion did not change', () => {
    assert.equal(reconcile(base({ localHash: 'L1', remoteHash: 'R0' })), 'keep-local');
  });
  it('makes a conflict when both changed in publish mode', () => {
    assert.equal(reconcile(base({ localHash: 'L1', remoteHash: 'R1' })), 'conflict');
  });
  it('asks for a merge when both changed in bidirectional mode', () => {
    assert.equal(reconcile(base({ mode: 'bidirectional', localHash: 'L1', remoteHash: 'R1' })), 'merge');
  });
  it('without a base: keeps the file if Notion did not move since it was written', () => {
    assert.equal(reconcile(base({ known: null, localHash: 'L1', remoteNewerThanFile: false })), 'keep-local');
  });
  it('without a base: a difference after a Notion edit is a conflict, never an overwrite', () => {
    assert.equal(reconcile(base({ known: null, localHash: 'L1', remoteNewerThanFile: true })), 'conflict');
  });
  it('never answers write when the local file differs from what we wrote', () => {
    for (const mode of ['publish', 'bidirectional'] as const) {
      for (const remoteHash of ['R0', 'R1']) {
        const action = reconcile(base({ mode, localHash: 'L9', remoteHash }));
        assert.notEqual(action, 'write', `${mode} ${remoteHash}`);
      }
    }
  });
});
