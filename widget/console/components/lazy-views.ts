import { lazy } from './lazy';

/**
 * What the first screens do not need, each its own chunk: the workspace (after sign-in), and inside it
 * the supervisor, knowledge and case views, the insight screens, the transfer dialog and the canned-reply menu.
 */
export const Workspace = lazy(() => import('./workspace').then((m) => m.Workspace));
export const SupervisorView = lazy(() => import('./supervisor-view').then((m) => m.SupervisorView));
export const CaseList = lazy(() => import('./case-list').then((m) => m.CaseList));
export const CaseDetailView = lazy(() => import('./case-detail').then((m) => m.CaseDetailView));
export const TransferDialog = lazy(() => import('./transfer-dialog').then((m) => m.TransferDialog));
export const CannedMenu = lazy(() => import('./canned-menu').then((m) => m.CannedMenu));
/** The insight screens. The dashboard brings uPlot, so it is fetched only when opened, never on idle. */
export const Dashboard = lazy(() => import('./insight/dashboard').then((m) => m.Dashboard));
export const QaReview = lazy(() => import('./insight/qa-review').then((m) => m.QaReview));
export const KnowledgeView = lazy(() => import('./knowledge-view').then((m) => m.KnowledgeView));
export const ReplyToKb = lazy(() => import('./reply-to-kb').then((m) => m.ReplyToKb));

/** Fetches the workspace's own chunks when the browser is idle, so opening a view never waits on the network. */
export function preloadWorkspaceViews(): () => void {
  const all = [SupervisorView, CaseList, CaseDetailView, TransferDialog, CannedMenu];
  const run = (): void => all.forEach((c) => c.preload());
  if ('requestIdleCallback' in window) {
    const id = window.requestIdleCallback(run, { timeout: 2000 });
    return () => window.cancelIdleCallback(id);
  }
  const id = setTimeout(run, 500);
  return () => clearTimeout(id);
}
