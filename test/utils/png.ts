import { PNG } from 'pngjs';

/** Decodes a PNG fully (a corrupt or truncated file throws), as a viewer would. */
export function decodePng(bytes: Buffer): PNG {
  return PNG.sync.read(bytes);
}

/** A real, decodable PNG of one colour. */
export function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const image = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    image.data.set([...rgb, 255], i * 4);
  }
  return PNG.sync.write(image);
}

/** Box-average downscale by an integer factor: small goldens, insensitive to anti-aliasing. */
export function downscale(image: PNG, factor: number): PNG {
  const width = Math.floor(image.width / factor);
  const height = Math.floor(image.height / factor);
  const out = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 4; c++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++) {
          for (let dx = 0; dx < factor; dx++) {
            sum += image.data[((y * factor + dy) * image.width + x * factor + dx) * 4 + c];
          }
        }
        out.data[(y * width + x) * 4 + c] = Math.round(sum / (factor * factor));
      }
    }
  }
  return out;
}

/** Share of pixels whose largest channel difference exceeds `tolerance` (0–255). */
export function differingPixels(a: PNG, b: PNG, tolerance = 40): number {
  if (a.width !== b.width || a.height !== b.height) {
    return 1;
  }
  let differing = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    let worst = 0;
    for (let c = 0; c < 4; c++) {
      worst = Math.max(worst, Math.abs(a.data[i + c] - b.data[i + c]));
    }
    if (worst > tolerance) {
      differing++;
    }
  }
  return differing / (a.width * a.height);
}
