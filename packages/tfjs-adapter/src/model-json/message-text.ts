/** A phrase such as `layer "d" in model "m"`, made to start a sentence. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** At most 5 items, then how many more, so that a 300-layer model does not flood a message. */
export function listOf(items: readonly string[]): string {
  const shown = items.slice(0, 5).join(', ');
  return items.length > 5 ? `${shown} and ${items.length - 5} more` : shown;
}
