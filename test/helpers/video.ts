import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A real MP4 (ffmpeg's test pattern, MPEG-4 Part 2 so any ffmpeg build can encode it). Needs the `ffmpeg` package
 * (.ci/run installs it).
 */
export function realMp4(opts: { width?: number; height?: number; seconds?: number } = {}): Buffer {
  const { width = 320, height = 240, seconds = 1 } = opts;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-mp4-'));
  const out = path.join(dir, 'v.mp4');
  try {
    execFileSync(
      'ffmpeg',
      [
        '-v',
        'error',
        '-nostdin',
        '-f',
        'lavfi',
        '-i',
        `testsrc=size=${width}x${height}:rate=10`,
        '-t',
        String(seconds),
        '-c:v',
        'mpeg4',
        '-pix_fmt',
        'yuv420p',
        out,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
