// The engine's Logger over the one "Notion Sync" LogOutputChannel: the channel
// filters by the level the person picks in the Output view.
import type * as vscode from 'vscode';
import type { Logger } from '../sync/logger';

export function channelLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    trace: (m, ...a) => channel.trace(m, ...a),
    debug: (m, ...a) => channel.debug(m, ...a),
    info: (m, ...a) => channel.info(m, ...a),
    warn: (m, ...a) => channel.warn(m, ...a),
    error: (m, ...a) => channel.error(m, ...a),
  };
}
