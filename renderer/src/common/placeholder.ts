/** A CSS image for an original's placeholder (a data URI, as the contract sends it). */
export function placeholderImage(placeholder: string): string {
  return `url("${placeholder}")`;
}
