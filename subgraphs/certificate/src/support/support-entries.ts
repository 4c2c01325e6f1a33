import type { Locale } from '@tessera/kit';

type Text = Record<Locale, string>;

/** One entry of the support handbook (CT-6): a client error code or a known symptom, its cause and fix. */
export interface SupportEntry {
  key: string;
  /** The client's error code, when the symptom has one. */
  errorCode?: string;
  symptom: Text;
  cause: Text;
  fix: Text;
}

/** Seed 002, 技术支持: the client error codes, then the troubleshooting entries without a code. */
export const supportEntries: readonly SupportEntry[] = [
  {
    key: 'certificate-not-found',
    errorCode: '-10101011',
    symptom: { 'zh-CN': '提示没有找到证书或选择证书', en: 'No certificate found, or none selected' },
    cause: {
      'zh-CN': '数字证书未插入USB口或数字证书没有被系统识别到',
      en: 'The EKey is not plugged in, or the system does not recognise it',
    },
    fix: { 'zh-CN': '插入证书或激活驱动', en: 'Plug the EKey in, or activate its driver' },
  },
  {
    key: 'signing-failed',
    errorCode: '-10101019',
    symptom: { 'zh-CN': '签名数据失败', en: 'Signing the data failed' },
    cause: { 'zh-CN': '数字证书驱动安装出现异常', en: 'The EKey driver is not installed correctly' },
    fix: { 'zh-CN': '重新安装EKey的驱动程序', en: 'Reinstall the EKey driver' },
  },
  {
    key: 'no-root-certificate',
    errorCode: '-10101029',
    symptom: { 'zh-CN': '没有根证书', en: 'No root certificate' },
    cause: { 'zh-CN': '没有根证书', en: 'The root certificate is not installed' },
    fix: { 'zh-CN': '下载根证书进行安装', en: 'Download and install the root certificate' },
  },
  {
    key: 'certificate-expired',
    errorCode: '-10101039',
    symptom: { 'zh-CN': '提示证书已过期', en: 'The certificate has expired' },
    cause: { 'zh-CN': '数字证书已到期', en: 'The certificate is past its validity' },
    fix: { 'zh-CN': '携带相关证件办理更新业务', en: 'Bring the required documents and apply for renewal' },
  },
  {
    key: 'key-not-found',
    errorCode: '-10101042',
    symptom: { 'zh-CN': '在系统中没有查询到您的KEY', en: 'Your EKey was not found in the system' },
    cause: { 'zh-CN': '数字证书没有被识别到', en: 'The EKey is not recognised' },
    fix: { 'zh-CN': '将EKey重新换个USB口进行识别', en: 'Plug the EKey into another USB port' },
  },
  {
    key: 'controls-not-installed',
    symptom: {
      'zh-CN': '证书无法识别或页面控件无法使用',
      en: 'The certificate is not recognised or page controls do not work',
    },
    cause: {
      'zh-CN': '驱动未安装或证书没有识别到；没有进行安全设置和根证书安装；平台相关控件安装出现异常',
      en: "The driver is missing or the certificate is not recognised; security settings or the root certificate are missing; the platform's controls failed to install",
    },
    fix: {
      'zh-CN': '重新安装驱动或换个USB口；重新安装根证书并启用ActiveX控件和插件；安装被拦截的控件程序',
      en: 'Reinstall the driver or change USB port; reinstall the root certificate and enable ActiveX controls and plug-ins; install the blocked controls',
    },
  },
  {
    key: 'browser-privacy-level',
    symptom: { 'zh-CN': '登录或签名时浏览器报错', en: 'The browser fails when signing in or signing' },
    cause: {
      'zh-CN': 'IE"隐私"设置级别过低，或用户证书有问题',
      en: 'The IE privacy level is too low, or the certificate has a problem',
    },
    fix: {
      'zh-CN': '在"工具"—"Internet 选项"中将"隐私"级别设为中级；查看证书信息，根据情况进行处理',
      en: 'Set the privacy level to medium under Tools → Internet Options; check the certificate details',
    },
  },
  {
    key: 'browser-security-level',
    symptom: { 'zh-CN': '控件被禁用', en: 'Controls are disabled' },
    cause: { 'zh-CN': 'IE浏览器的安全设置级别过高', en: 'The IE security level is too high' },
    fix: {
      'zh-CN': 'IE\\工具\\internet选项\\安全\\自定义级别：将控件下属项目由禁用改为启用，然后重新启动计算机',
      en: 'IE → Tools → Internet Options → Security → Custom level: enable the ActiveX items, then restart the computer',
    },
  },
  {
    key: 'online-banking-conflict',
    symptom: { 'zh-CN': '证书与网银冲突', en: 'The certificate conflicts with online banking' },
    cause: {
      'zh-CN': '企业以前使用网银业务，现在使用数字证书与银行网银起冲突',
      en: "The company's earlier online-banking software conflicts with the certificate",
    },
    fix: {
      'zh-CN': '卸载网银，然后重新启动计算机',
      en: 'Uninstall the online-banking software and restart the computer',
    },
  },
  {
    key: 'ekey-locked',
    symptom: { 'zh-CN': 'EKey被锁死', en: 'The EKey is locked' },
    cause: {
      'zh-CN': '为保证EKey这一重要身份识别设备的安全，口令输错5次EKey将被锁死，避免他人反复尝试',
      en: 'After 5 wrong PINs the EKey locks itself, so nobody can keep guessing',
    },
    fix: {
      'zh-CN': '请携带单位公章、经办人身份证复印件、EKey到RA中心进行解锁',
      en: "Bring the unit's official seal, a copy of the agent's ID and the EKey to the RA centre to unlock it",
    },
  },
];
