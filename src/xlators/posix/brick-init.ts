// PLACEHOLDER until the posix work lands: signature fixed, body to be written.
export function initBrick(_brickPath: string, _volumeId: string): void {
  throw new Error('todo: initBrick');
}
