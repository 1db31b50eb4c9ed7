/**
 * Once per test run: build the fidelity corpus (test/helpers/fidelity-corpus.ts) into a
 * throw-away folder, shared read-only by every test file, removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildFidelityCorpus } from './helpers/fidelity-corpus.js';

declare module 'vitest' {
  export interface ProvidedContext {
    fidelityDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'plan-sync-fidelity-corpus-'));
  buildFidelityCorpus(dir);
  project.provide('fidelityDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
