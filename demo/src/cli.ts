#!/usr/bin/env node
// `npm start`: the regularizers demo. See run-demo.ts for what it does, flags.ts for its flags.
import { parseFlags } from './flags.js';
import { runDemo } from './run-demo.js';

const flags = parseFlags(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
if (flags.kind === 'exit') {
  process.exitCode = flags.code;
} else {
  process.exitCode = await runDemo(flags.options, (line) => {
    console.log(line);
  });
}
