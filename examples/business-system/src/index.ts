export { type BusinessSystemOptions, type RunningBusinessSystem, startBusinessSystem } from './business-system';
export {
  backchannelLogoutEvent,
  endsSession,
  type Logout,
  LogoutTokenRejected,
  verifyLogoutToken,
} from './logout-token';
export type { Bilingual } from './pages';
