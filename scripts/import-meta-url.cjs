// esbuild inject: gives CommonJS output an import.meta.url.
import { pathToFileURL } from 'node:url';

export const __import_meta_url = pathToFileURL(__filename).href;
