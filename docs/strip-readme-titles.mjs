// A typedoc plugin. Each README starts with its package's name as a heading (`# @regularizers/core`),
// which the page that shows it already has as its title (`Module @regularizers/core`): drop that
// first heading, so the name is not shown twice. It runs before rendering, on every README the
// site shows (the project's and each package's).
import { RendererEvent } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.renderer.on(RendererEvent.BEGIN, (event) => {
    const reflections = [event.project, ...Object.values(event.project.reflections)];
    for (const reflection of reflections) {
      const first = reflection.readme?.[0];
      if (first?.kind === 'text') first.text = first.text.replace(/^# [^\n]*\n+/, '');
    }
  });
}
