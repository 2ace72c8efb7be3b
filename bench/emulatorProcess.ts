// The emulator in its own process, as `notion-sync emulator`, so a benchmark's
// figures are the engine's: Notion's own CPU is not ours to count.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const CLI = path.join(__dirname, '../src/cli/main.ts');

export async function startEmulatorProcess(args: string[]): Promise<{ baseUrl: string; close(): Promise<void> }> {
  // BENCH_EMULATOR_PROFILE=<dir>: a CPU profile of the emulator too, to tell its time from the engine's.
  const profile = process.env.BENCH_EMULATOR_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_EMULATOR_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', CLI, 'emulator', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    lines.once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before printing its URL`)));
  });
  lines.on('line', () => {}); // keep draining its banner
  return {
    baseUrl,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
