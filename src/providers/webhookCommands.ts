// Start/Stop Webhook Receiver and Copy Webhook URL and Verification Token.
import * as vscode from 'vscode';
import { WEBHOOK_PATH } from '../sync/webhook/receiver';
import { COMMANDS } from './constants';
import { SetupRequiredError } from './errorAdvice';
import { registerFolderCommand } from './folderArgs';
import type { Services, SharedServices } from './services';

export function registerWebhookCommands(shared: SharedServices): vscode.Disposable[] {
  return [
    registerFolderCommand(shared, COMMANDS.startWebhook, 'Start Webhook Receiver', (s) => start(s)),
    registerFolderCommand(shared, COMMANDS.stopWebhook, 'Stop Webhook Receiver', (s) => stop(s)),
    registerFolderCommand(shared, COMMANDS.copyWebhookInfo, 'Copy Webhook URL and Verification Token', (s) => copyInfo(s)),
  ];
}

async function start(s: Services): Promise<string> {
  const url = await s.webhook.start();
  void vscode.window
    .showInformationMessage(
      `Notion Sync: webhook receiver listening on ${url}. Notion needs a public HTTPS address: forward one to this port with a tunnel (cloudflared, ngrok).`,
      'Copy Webhook URL and Verification Token',
    )
    .then((choice) => {
      if (choice) void vscode.commands.executeCommand(COMMANDS.copyWebhookInfo);
    });
  return url;
}

async function stop(s: Services): Promise<void> {
  await s.webhook.stop();
  void vscode.window.showInformationMessage('Notion Sync: webhook receiver stopped. Polling keeps Notion and the workspace in step.');
}

/** Writes the clipboard, giving up after a few seconds. */
async function copied(text: string): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), 3_000);
  });
  try {
    return await Promise.race([Promise.resolve(vscode.env.clipboard.writeText(text)).then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function copyInfo(s: Services): Promise<{ url: string; verificationToken: string | undefined }> {
  const url = s.webhook.url;
  if (!url) throw new SetupRequiredError('The webhook receiver is not running: start it first ("Notion Sync: Start Webhook Receiver").', 'Show Log');
  const token = await s.webhook.verificationToken();
  const lines = [`Webhook URL (local): ${url}`, `Path for your tunnel's public URL: ${WEBHOOK_PATH}`];
  if (token) lines.push(`Verification token: ${token}`);
  if (!(await copied(lines.join('\n')))) {
    // Some browsers (VS Code for the Web, code-server) refuse or never answer clipboard writes.
    void vscode.window.showWarningMessage(`Notion Sync could not reach the clipboard. Webhook URL: ${url}${token ? ' (run the command again from a desktop window to copy the token)' : ''}`);
    return { url, verificationToken: token };
  }
  void vscode.window.showInformationMessage(
    token
      ? 'Copied the webhook URL and the verification token. Paste the token into Notion to verify the subscription.'
      : `Copied the webhook URL. Notion has not sent a verification token yet: create the webhook subscription in your integration's settings with your tunnel's public URL + ${WEBHOOK_PATH}, then run this command again to copy the token.`,
  );
  return { url, verificationToken: token };
}
