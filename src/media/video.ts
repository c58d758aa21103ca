/**
 * Video work with ffmpeg (Debian package `ffmpeg`, optional): reading an MP4's streams and duration with ffprobe, and
 * a preview from its first frame. Without ffmpeg the server still takes videos, and asks for a preview picture.
 * The programs are run with an argument list (no shell) on a scratch file Linecast wrote itself.
 */
import { execFile } from 'node:child_process';

export interface FfmpegConfig {
  /** Paths (or names on PATH) of ffmpeg and ffprobe; LINECAST_FFMPEG / LINECAST_FFPROBE, `off` for none. */
  ffmpeg: string;
  ffprobe: string;
}

export interface VideoInfo {
  width: number;
  height: number;
  durationMs: number | null;
  codec: string;
}

const TIMEOUT_MS = 60_000;

function run(cmd: string, args: string[], binary: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, timeout: TIMEOUT_MS, windowsHide: true },
      (err, stdout, stderr) => {
        if (err) {
          const why = stderr.toString('utf8').trim().split('\n').filter(Boolean).at(-1);
          return reject(Object.assign(new Error(why || err.message), { code: (err as NodeJS.ErrnoException).code }));
        }
        resolve(binary ? stdout : Buffer.from(stdout));
      },
    );
  });
}

const availability = new Map<string, Promise<boolean>>();

/** Whether both programs run here (checked once per path). */
export function ffmpegAvailable(cfg: FfmpegConfig): Promise<boolean> {
  if (cfg.ffmpeg === 'off' || cfg.ffprobe === 'off') return Promise.resolve(false);
  const key = `${cfg.ffmpeg}\n${cfg.ffprobe}`;
  let p = availability.get(key);
  if (!p) {
    p = Promise.all([run(cfg.ffmpeg, ['-version'], false), run(cfg.ffprobe, ['-version'], false)]).then(
      () => true,
      () => false,
    );
    availability.set(key, p);
  }
  return p;
}

/** The first video stream's size and codec and the duration; throws when the file holds no decodable video. */
export async function probeVideo(cfg: FfmpegConfig, file: string): Promise<VideoInfo> {
  const out = await run(
    cfg.ffprobe,
    ['-v', 'error', '-print_format', 'json', '-show_entries', 'stream=codec_type,codec_name,width,height:format=duration', file],
    false,
  );
  const j = JSON.parse(out.toString('utf8')) as {
    streams?: { codec_type?: string; codec_name?: string; width?: number; height?: number }[];
    format?: { duration?: string };
  };
  const v = j.streams?.find((s) => s.codec_type === 'video' && s.width && s.height);
  if (!v) throw new Error('no video stream');
  const seconds = Number(j.format?.duration);
  return {
    width: v.width!,
    height: v.height!,
    codec: v.codec_name ?? 'unknown',
    durationMs: Number.isFinite(seconds) ? Math.round(seconds * 1000) : null,
  };
}

/** The first frame as a JPEG (decoded, so a file whose frames cannot be read fails here). */
export async function firstFrame(cfg: FfmpegConfig, file: string): Promise<Buffer> {
  const jpeg = await run(
    cfg.ffmpeg,
    ['-v', 'error', '-nostdin', '-i', file, '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', '3', 'pipe:1'],
    true,
  );
  if (!jpeg.length) throw new Error('no frame could be decoded');
  return jpeg;
}
