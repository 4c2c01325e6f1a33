import type { Locale } from '@tessera/kit';

export interface FaqEntry {
  id: string;
  question: Record<Locale, string>;
  answer: Record<Locale, string>;
}

/** The answers of seed 000 (社会统一用户平台常见问题解答), for the help pages of the clients (ID-19). */
export const faq: readonly FaqEntry[] = [
  {
    id: 'why-register-again',
    question: {
      'zh-CN': '原来用身份证号登录社会保险个人网页的用户，为什么要重新注册社会统一用户平台？',
      en: 'I signed in to the personal social-insurance pages with my ID number. Why must I register again?',
    },
    answer: {
      'zh-CN':
        '原有注册方式只要求输入身份证号、姓名和手机号码，无法核验注册是否本人发起，也无法核实手机号码与本人的对应关系，常有个人信息被他人注册、本人无法使用且无法自助找回的情况。为此我局建立了对社会公众统一的用户平台，对各业务系统的用户进行统一的身份认证。原注册用户可重新注册，通过用户名和密码登录；过渡期内（2016年1月1日前）也可使用原有身份证号登录方式。',
      en: 'The old registration asked only for ID number, name and mobile number: nobody could check that the person registering was the person named, nor that the phone was theirs, so other people often registered someone’s details and the owner could neither use nor recover the account. The bureau therefore built one user platform for the public that authenticates users for all its business systems. Register again and sign in with username and password; during the transition (until 1 January 2016) the old sign-in by ID number also worked.',
    },
  },
  {
    id: 'why-bank-account',
    question: {
      'zh-CN': '注册社会统一用户平台为什么需要填写银行账号？',
      en: 'Why does registration ask for a bank account?',
    },
    answer: {
      'zh-CN':
        '填写银行账号是实名认证的关键。平台通过合作银行的信息核验平台，核对银行卡号、在银行柜台预留的手机号码、证件号码和姓名，并向银行预留的手机号码发送短信验证码，实现“实名即实人”认证。合作银行的任一借记卡（非信用卡）均可完成验证。您提供的银行账号等信息仅用于校验身份，不作其他用途。',
      en: 'The bank account is the key to real-name verification. Through the partner banks’ verification platform, the platform checks the card number, the mobile number reserved at the bank counter, the ID number and the name, and sends an SMS code to the reserved number, so that the registered name is the real person. Any debit card (not a credit card) of a partner bank works. Your bank details are used only to verify your identity and for nothing else.',
    },
  },
  {
    id: 'why-no-auto-link',
    question: {
      'zh-CN': '已办理金融社保卡，注册时为什么不自动关联社保卡的银行账号？',
      en: 'I have a financial social-security card. Why is its bank account not linked automatically?',
    },
    answer: {
      'zh-CN':
        '填写姓名和证件号码时，尚未验证用户身份的合法性，直接关联银行账号存在安全隐患。为保障用户信息安全，暂不提供自动关联金融社保卡银行账号的功能。',
      en: 'When you enter name and ID number, your identity is not verified yet; linking a bank account at that point would be a security risk. To protect your data, the card’s account is not linked automatically.',
    },
  },
  {
    id: 'identity-mismatch',
    question: {
      'zh-CN': '注册时提示“人员姓名或证件类型或证件号与银行登记不匹配”怎么办？',
      en: 'Registration says “the name, ID type or ID number do not match the bank’s records”. What now?',
    },
    answer: {
      'zh-CN':
        '1. 请先核对填写的信息是否准确；2. 信息无误仍无法通过验证的，可能是您在该银行预留的手机号码已变更或其他原因，建议更换银行卡重试；3. 没有其他银行卡的，可到发卡银行网点核实或变更个人信息后再注册；4. 到银行变更信息后仍无法注册的，请拨打12333客服电话反馈，留下联系方式，我局将尽快处理并回复。',
      en: '1. Check that what you entered is correct. 2. If it is and verification still fails, the mobile number reserved at that bank may have changed, or there is another reason: try another bank card. 3. Without another card, have your details checked or updated at a branch of the issuing bank, then register. 4. If registration still fails after that, call the 12333 hotline and leave your contact details; the bureau will follow up.',
    },
  },
  {
    id: 'which-banks',
    question: {
      'zh-CN': '12家银行可以办理金融社保卡，为什么注册时只支持11家银行的账号？',
      en: 'Twelve banks issue social-security cards. Why can only eleven be used to register?',
    },
    answer: {
      'zh-CN':
        '与我局合作发行金融社保卡的银行共12家：建设银行、工商银行、中国银行、农业银行、招商银行、平安银行、深圳农村商业银行、邮储银行、交通银行、中信银行、光大银行和民生银行。其中前11家已与信息联网核查系统对接，民生银行系统正在改造中，因此目前只支持11家银行的账号进行身份认证。我局将逐步完善系统，与更多银行合作。',
      en: 'Twelve banks issue the bureau’s financial social-security cards: CCB, ICBC, Bank of China, ABC, China Merchants Bank, Ping An Bank, Shenzhen Rural Commercial Bank, PSBC, Bank of Communications, CITIC, China Everbright Bank and China Minsheng Bank. The first eleven are connected to the verification platform; Minsheng Bank’s system is being upgraded, so for now cards of eleven banks can verify identity. More banks will follow.',
    },
  },
  {
    id: 'sms-delay',
    question: {
      'zh-CN': '收不到短信验证码怎么办？',
      en: 'The SMS code does not arrive. What can I do?',
    },
    answer: {
      'zh-CN':
        '曾因批量发送通知短信造成短信平台拥塞，出现短时间内验证码延迟或收不到的情况，短信平台已扩容。页面会显示发送状态和可重新获取的倒计时；如仍收不到，请稍后重新获取。',
      en: 'A bulk notice once congested the SMS platform and codes arrived late or not at all; the platform has since been enlarged. The page shows the delivery status and when you may ask for a new code; if nothing arrives, ask again after the countdown.',
    },
  },
  {
    id: 'other-questions',
    question: { 'zh-CN': '其他问题', en: 'Other questions' },
    answer: {
      'zh-CN': '其他使用问题、意见或建议，请拨打12333电话反馈，我局将不断完善业务系统，为您提供更优质的服务。',
      en: 'For any other question, opinion or suggestion, call the 12333 hotline; the bureau keeps improving its systems.',
    },
  },
];
