import {
  ErrorAlert,
  Field,
  Loading,
  Notice,
  Page,
  SelectField,
  StepHeading,
  useGraph,
  useGraphQuery,
} from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AccountNav } from '../components/account-nav';
import { SmsCodeField, type SmsStatus, smsStatusOf } from '../components/sms-code-field';
import { useFormat } from '../format';
import { useAction, useLiveValidation } from '../forms';
import {
  BanksDocument,
  ConfirmProfileChangeDocument,
  ProfileDocument,
  RequestProfileChangeCodeDocument,
} from '../gql/graphql';
import { cardProblem, mobileProblem, nameProblem, requiredProblem, smsCodeProblem } from '../validation';

/** The citizen's data, masked (ID-8), and changes of name, bank, card and phone through the bank check and SMS (ID-12). */
export default function ProfilePage() {
  const { t, i18n } = useTranslation();
  const graph = useGraph();
  const format = useFormat();
  const profile = useGraphQuery(ProfileDocument, {});
  const banks = useGraphQuery(BanksDocument, {});
  const action = useAction();
  const live = useLiveValidation();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState('');
  const [bankCode, setBankCode] = useState('');
  const [cardNumber, setCardNumber] = useState('');
  const [phone, setPhone] = useState('');
  const [changeId, setChangeId] = useState<string | null>(null);
  const [sms, setSms] = useState<SmsStatus | null>(null);
  const [code, setCode] = useState('');
  const [saved, setSaved] = useState(false);

  const me = profile.data?.me;
  if (profile.isPending) return <Loading />;
  if (!me) {
    return (
      <Page title={t('account.title')}>
        <ErrorAlert error={profile.error} />
      </Page>
    );
  }

  const bankName = (code: string | null) => {
    const bank = banks.data?.banks.find((b) => b.code === code);
    return bank ? (i18n.language === 'en' ? bank.nameEn : bank.nameZh) : (code ?? '—');
  };
  const problems = {
    name: name ? nameProblem(name) : null,
    bankCode: requiredProblem(bankCode),
    cardNumber: cardProblem(cardNumber),
    phone: mobileProblem(phone),
    code: smsCodeProblem(code),
  };

  const request = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!live.check(problems.name, problems.bankCode, problems.cardNumber, problems.phone)) return;
    const input = { name: name || undefined, bankCode, cardNumber, phone };
    const result = await action.run(() => graph.request(RequestProfileChangeCodeDocument, { input }));
    if (result) {
      setChangeId(result.requestProfileChangeCode.id);
      setSms(smsStatusOf(result.requestProfileChangeCode.sms));
    }
  };

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (!changeId || !live.check(problems.code)) return;
    const result = await action.run(() => graph.request(ConfirmProfileChangeDocument, { changeId, code }));
    if (!result) return;
    await profile.refetch();
    setEditing(false);
    setChangeId(null);
    setSms(null);
    setCode('');
    setSaved(true);
    live.reset();
  };

  const startEditing = () => {
    setName('');
    setBankCode(me.bankCode ?? '');
    setCardNumber('');
    setPhone('');
    setSaved(false);
    setEditing(true);
  };

  return (
    <Page title={t('account.title')}>
      <AccountNav />
      {saved && <Notice tone="success">{t('account.saved')}</Notice>}
      <dl className="facts">
        <dt>{t('account.username')}</dt>
        <dd>{me.username}</dd>
        <dt>{t('register.name')}</dt>
        <dd>{me.displayName}</dd>
        <dt>{t('register.idType')}</dt>
        <dd>{me.idType ? t(`idType.${me.idType}`, { defaultValue: me.idType }) : '—'}</dd>
        <dt>{t('register.idNumber')}</dt>
        <dd>{me.idNumberMasked ?? '—'}</dd>
        <dt>{t('register.bank')}</dt>
        <dd>{bankName(me.bankCode)}</dd>
        <dt>{t('register.cardNumber')}</dt>
        <dd>{me.cardNumberMasked ?? '—'}</dd>
        <dt>{t('register.phone')}</dt>
        <dd>{me.phoneMasked ?? '—'}</dd>
        <dt>{t('account.verifiedAt')}</dt>
        <dd>{me.verifiedAt ? format.dateTime(me.verifiedAt) : t('account.notVerified')}</dd>
      </dl>
      {!editing ? (
        <div className="actions spaced">
          <button type="button" onClick={startEditing}>
            {t('account.change')}
          </button>
        </div>
      ) : (
        <>
          <StepHeading
            title={changeId ? t('wizard.confirmCode') : t('wizard.newDetails')}
            step={changeId ? 2 : 1}
            total={2}
          />
          <p>{t('account.changeIntro')}</p>
          <ErrorAlert error={action.error} />
          <form onSubmit={changeId ? confirm : request} noValidate>
            <Field
              label={t('account.newName')}
              name="name"
              autoComplete="name"
              hint={t('account.newNameHint')}
              value={name}
              onChange={(e) => setName(e.target.value)}
              onBlur={live.leave('name')}
              error={live.message('name', problems.name)}
            />
            <SelectField
              label={t('register.bank')}
              name="bankCode"
              required
              value={bankCode}
              onChange={(e) => setBankCode(e.target.value)}
              choices={[
                { value: '', label: t('register.chooseBank'), disabled: true },
                ...(banks.data?.banks ?? []).map((bank) => ({
                  value: bank.code,
                  label: bank.connected
                    ? bankName(bank.code)
                    : t('register.bankUpgrading', { bank: bankName(bank.code) }),
                  disabled: !bank.connected,
                })),
              ]}
              error={live.message('bankCode', problems.bankCode)}
            />
            <Field
              label={t('register.cardNumber')}
              name="cardNumber"
              inputMode="numeric"
              autoComplete="off"
              required
              value={cardNumber}
              onChange={(e) => setCardNumber(e.target.value)}
              onBlur={live.leave('cardNumber')}
              error={live.message('cardNumber', problems.cardNumber)}
            />
            <Field
              label={t('register.phone')}
              name="phone"
              type="tel"
              inputMode="numeric"
              autoComplete="tel-national"
              required
              hint={t('register.phoneHint')}
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              onBlur={live.leave('phone')}
              error={live.message('phone', problems.phone)}
            />
            <SmsCodeField
              value={code}
              onChange={setCode}
              onBlur={live.leave('code')}
              error={changeId ? live.message('code', problems.code) : null}
              onSend={() => void request()}
              sending={action.busy}
              status={sms}
              destination={phone}
            />
            <div className="actions">
              <button type="button" className="secondary" onClick={() => setEditing(false)}>
                {t('common.cancel')}
              </button>
              <button type="submit" disabled={action.busy || !changeId}>
                {t('common.save')}
              </button>
            </div>
          </form>
        </>
      )}
    </Page>
  );
}
