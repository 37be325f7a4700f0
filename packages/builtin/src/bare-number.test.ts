import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { InvalidArgumentError } from '@regularizers/core';
import { L1, L1L2, L2, OrthogonalRegularizer } from './index.js';

/** Keras users write the class with a bare factor; each case gives the call to write instead. */
const CASES = [
  ['L2', (factor: number) => new L2(factor as never), 'l2(0.0001) or new L2({ l2: 0.0001 })'],
  ['L1', (factor: number) => new L1(factor as never), 'l1(0.0001) or new L1({ l1: 0.0001 })'],
  [
    'L1L2',
    (factor: number) => new L1L2(factor as never),
    'new L1L2({ l1: 0.0001 }) or l1l2(0.0001, 0)',
  ],
  [
    'OrthogonalRegularizer',
    (factor: number) => new OrthogonalRegularizer(factor as never),
    'new OrthogonalRegularizer({ factor: 0.0001 })',
  ],
] as const;

describe('a bare number given to a class', () => {
  it.each(CASES)(
    '%s refuses it at run time, with the call to write instead',
    (name, build, call) => {
      let caught: unknown;
      try {
        build(1e-4);
      } catch (error) {
        caught = error;
      }
      expect(InvalidArgumentError.isInstance(caught)).toBe(true);
      expect((caught as InvalidArgumentError).argument).toBe('config');
      expect((caught as Error).message).toBe(
        `${name} takes a config object, not a number: write ${call} instead. Received: 0.0001`,
      );
    },
  );

  // Type-checks a file against tfjs-core's declarations: about 2 s alone, more on a loaded machine.
  it(
    'is refused by TypeScript with a message that names the call to write',
    { timeout: 60_000 },
    () => {
      const source = [
        "import { L1, L1L2, L2, OrthogonalRegularizer } from './index.js';",
        'new L2(1e-4);',
        'new L1(1e-4);',
        'new L1L2(1e-5);',
        'new OrthogonalRegularizer(0.1);',
      ].join('\n');
      expect(compileErrors(source)).toEqual([
        `2: Argument of type '0.0001' is not assignable to parameter of type 'L2Args | ForANumberUse<"l2(1e-4)"> | undefined'.`,
        `3: Argument of type '0.0001' is not assignable to parameter of type 'L1Args | ForANumberUse<"l1(1e-4)"> | undefined'.`,
        `4: Argument of type '0.00001' is not assignable to parameter of type 'L1L2Args | ForANumberUse<"new L1L2({ l1: 1e-5 }) or l1l2(1e-5, 0)"> | undefined'.`,
        `5: Argument of type '0.1' is not assignable to parameter of type 'OrthogonalRegularizerArgs | ForANumberUse<"new OrthogonalRegularizer({ factor: 0.01 })"> | undefined'.`,
      ]);
    },
  );
});

/** tsc's messages for `source`, compiled as a file of this folder with the package's options. */
function compileErrors(source: string): string[] {
  const folder = fileURLToPath(new URL('..', import.meta.url));
  const file = fileURLToPath(new URL('./bare-number-check.ts', import.meta.url));
  const tsconfig = ts.readConfigFile(`${folder}/tsconfig.json`, (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(tsconfig.config as object, ts.sys, folder);
  const host = ts.createCompilerHost(options);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (path) => path === file || fileExists(path);
  host.getSourceFile = (path, language, ...rest) =>
    path === file
      ? ts.createSourceFile(path, source, language)
      : getSourceFile(path, language, ...rest);
  // The checked file needs no ambient types (Node's would double the time).
  const program = ts.createProgram([file], { ...options, types: [], noEmit: true }, host);
  const checked = program.getSourceFile(file);
  return ts.getPreEmitDiagnostics(program, checked).map((diagnostic) => {
    const line = checked?.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line ?? -1;
    return `${line + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}
