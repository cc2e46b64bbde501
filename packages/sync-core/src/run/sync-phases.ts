import { attachmentsPhase } from '../attachments/attachments-phase';
import { documentsPhase } from '../documents/documents-phase';
import { analyzePhase } from './phases/analyze-phase';
import { applyPhase } from './phases/apply-phase';
import { cleanupPhase } from './phases/cleanup-phase';
import { controlPhase } from './phases/control-phase';
import { customizationOfferPhase } from './phases/customization-offer-phase';
import { customizationUpdatePhase } from './phases/customization-update-phase';
import { downloadPhase } from './phases/download-phase';
import { forcedFullSyncPhase } from './phases/forced-full-sync-phase';
import { preparePhase } from './phases/prepare-phase';
import { recheckPhase } from './phases/recheck-phase';
import { reportPhase } from './phases/report-phase';
import { uploadPhase } from './phases/upload-phase';
import type { SyncPhase } from './sync-phase';

/**
 * One sync, in order (the seed's steps): the administrator's orders and the customization offer, then
 * prepare, upload, the orders again, a forced full sync, the customization update, analyze, download,
 * apply, cleanup, the attachment bodies and the report. A phase that ends the sync sends the run straight to the report.
 */
export const SYNC_PHASES: readonly SyncPhase[] = [
  controlPhase,
  customizationOfferPhase,
  preparePhase,
  uploadPhase,
  recheckPhase,
  forcedFullSyncPhase,
  customizationUpdatePhase,
  analyzePhase,
  downloadPhase,
  applyPhase,
  cleanupPhase,
  attachmentsPhase,
  documentsPhase,
  reportPhase,
];
