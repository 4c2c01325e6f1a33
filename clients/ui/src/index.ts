import './styles.css';

export { type Branding, branding, bureauName, defaultBranding, loadBranding } from './branding';
export { type ClientConfig, clientConfig } from './client-config';
export { type ClientRuntime, createClientRuntime } from './client-runtime';
export { NotFoundPage, SignOutButton } from './components/account';
export { type CaptchaChallenge, CaptchaField, type CaptchaState, useCaptcha } from './components/captcha';
export { ErrorAlert, type ErrorHelp, ErrorHelpProvider, Loading, Notice } from './components/feedback';
export { type Choice, Field, SelectField } from './components/field';
export { BureauBrand, LanguageSwitch, Layout, type NavItem, Page, SiteFooter, StepHeading } from './components/layout';
export { type Column, DataTable } from './components/table';
export { useCountdown } from './countdown';
export { download, pemToDer } from './download';
export { createGraph, type Graph, GraphError, type GraphOptions } from './graph';
export { TesseraProvider, useGraph, useGraphMutation, useGraphQuery, useSession } from './graph-context';
export { createI18n, type Language, languages } from './i18n';
export { type IssuedTokens, Session, type SessionTokens } from './session';
export {
  bureauTimeToIso,
  bureauToday,
  defaultTimeZone,
  formatDate,
  formatDateTime,
  loadBureauTimeZone,
  timeZone,
} from './time-zone';
