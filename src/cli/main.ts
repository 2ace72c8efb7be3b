// `notion-sync` command line entry.
const [command] = process.argv.slice(2);
if (!command || command === '--help' || command === 'help') {
  process.stdout.write('usage: notion-sync <pull|status|sync|resolve|webhook|emulator> [options]\n');
  process.exit(command ? 0 : 2);
}
process.stderr.write(`notion-sync: unknown command "${command}"\n`);
process.exit(2);
