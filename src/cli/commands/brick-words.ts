// The brick words of replace-brick and reset-brick as gluster's parser checks them: HOST:/path,
// the ':' not first and followed by '/'; the first bad one is named (lower-case "wrong", unlike
// create's and add-brick's).
const isBrick = (w: string) => {
  const colon = w.lastIndexOf(':');
  return colon > 0 && w[colon + 1] === '/';
};

export function brickShapeProblem(words: string[]): string | undefined {
  const bad = words.find((w) => !isBrick(w));
  return bad === undefined ? undefined : `wrong brick type: ${bad}, use <HOSTNAME>:<export-dir-abs-path>`;
}
