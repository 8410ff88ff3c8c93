/**
 * `@app/read-models/rebuild-part`: what a rebuild part's thread runs (runRebuildPart), without the
 * query handlers, the NestJS module, the metrics and the reminder planning of `@app/read-models`:
 * a part starts working a few hundred milliseconds sooner. Everything else imports the index.
 */
export {
  runRebuildPart,
  type RebuildPartPort,
  type RebuildPartTask,
} from '../projection/rebuild-parts';
