import type { RebuildResult, RebuildStatus } from '@app/read-models';

/**
 * Rebuilding every view from the log (POST /admin/projections/rebuild). The api runs it in its
 * background thread, beside the projections (BackgroundThread); the command-line tool runs
 * ProjectionRebuilder itself.
 */
export abstract class ViewsRebuild {
  /** Starts a rebuild (or joins the one running); resolves when the new views are current. */
  abstract rebuild(): Promise<RebuildResult>;
  /** The state of the last or running rebuild. */
  abstract status(): RebuildStatus;
}
