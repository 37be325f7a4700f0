// Where a registration came from, read from the stack, so that a name clash between two classes
// that read the same (two classes named WeightDecay, from no package or the same one) can say
// where each was registered.

/** This module's folder, as stack frames spell it (a path, without `file://`). */
const coreFolder = import.meta.url
  .slice(0, import.meta.url.lastIndexOf('/') + 1)
  .replace(/^file:\/\//, '');
/** The modules of core that a registration passes through on its way from the caller. */
const REGISTERING_MODULE = /^(?:registry|default-registry|registration-site)\.[cm]?[jt]s$/;

/**
 * The location, `file:line:column`, of the code that called core to register something: the
 * stack frame right after the last one in core's registering modules. `undefined` when the stack
 * cannot say: stack traces switched off, a bundle that merged core with its caller, or a platform
 * whose frames read differently.
 */
export function registrationSite(): string | undefined {
  const locations = (new Error().stack ?? '').split('\n').map(frameLocation);
  let caller: string | undefined;
  // From the outermost frame inwards, the caller is the last frame before core's first.
  for (const location of locations.reverse()) {
    if (location === undefined) continue;
    if (isRegisteringModule(location)) return caller;
    caller = location;
  }
  return undefined;
}

/** The `file:line:column` of one line of a stack, in V8's or in Firefox's and Safari's format. */
function frameLocation(line: string): string | undefined {
  const frame = line.trim();
  const location =
    /\((.+:\d+:\d+)\)$/.exec(frame) ?? // V8, in a function: "at fn (file:///a.js:1:2)"
    /^at (.+:\d+:\d+)$/.exec(frame) ?? // V8, at the top of a module: "at file:///a.js:1:2"
    /@(.+:\d+:\d+)$/.exec(frame); // Firefox and Safari: "fn@file:///a.js:1:2"
  return location?.[1];
}

function isRegisteringModule(location: string): boolean {
  const path = location.replace(/^file:\/\//, '').replace(/:\d+:\d+$/, '');
  return path.startsWith(coreFolder) && REGISTERING_MODULE.test(path.slice(coreFolder.length));
}
