import { ErrorAlert, Field, GraphError, SelectField } from '@tessera/ui';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EKeyAgentError, ekeyAgent, type PinAttempt, type TokenCertificate } from './ekey-agent';
import type { KeyFileProblem } from './key-file';

/** A challenge as the platform issues it: its id and the base64 of the bytes to sign. */
export interface IssuedChallenge {
  id: string;
  challenge: string;
}

/** The platform's EKey record after a reported PIN attempt (CT-3). */
export interface PinOutcome {
  locked: boolean;
  remainingAttempts: number;
}

export interface CertificateSignInPanelProps {
  /** A fresh challenge of this sign-in (one per attempt). */
  challenge(): Promise<IssuedChallenge>;
  /** CT-3: reports a PIN the EKey checked, against the challenge it was typed for. */
  reportPin(challengeId: string, serialNumber: string, correct: boolean): Promise<PinOutcome>;
  /** Presents the signed challenge; settles once signed in, or throws the platform's GraphError. */
  signIn(answer: { challengeId: string; certificate: string; signature: string }): Promise<void>;
  /** The id of the tab that labels this panel. */
  labelledBy: string;
}

type KeyStore = 'file' | 'ekey';

/** The CT-6 client codes a key file's problems map to, else a code of the web client's own. */
const codeOfProblem: Record<KeyFileProblem, string> = {
  unreadable: 'KEY_FILE_UNREADABLE',
  passwordRequired: 'KEY_FILE_PASSWORD_REQUIRED',
  passwordWrong: 'KEY_FILE_PASSWORD_WRONG',
  legacyEncryption: 'KEY_FILE_LEGACY_ENCRYPTION',
  traditionalPem: 'KEY_FILE_TRADITIONAL_PEM',
  noCertificate: '-10101011',
  noKey: '-10101042',
  keyMismatch: '-10101042',
  sm2: 'KEY_FILE_SM2_UNSUPPORTED',
  keyAlgorithm: 'KEY_FILE_ALGORITHM_UNSUPPORTED',
};

const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const toBase64 = (data: Uint8Array) => btoa(Array.from(data, (b) => String.fromCharCode(b)).join(''));

/** `CN=…` of an agent's subject (one `key=value` per line), else the whole subject. */
const commonName = (subject: string) =>
  subject
    .split('\n')
    .find((part) => part.startsWith('CN='))
    ?.slice(3) ?? subject;

/**
 * Issue 15, 证书登录: signs the platform's challenge with a certificate's key where the key lives,
 * a key file opened in this browser (never uploaded) or an EKey through the local agent (the PIN
 * asked here, every attempt the EKey checked reported to the platform, CT-3), and presents the
 * signature. Errors are announced (role=alert) and focus goes where the person fixes them.
 */
export function CertificateSignInPanel(props: CertificateSignInPanelProps) {
  const { t } = useTranslation();
  const [store, setStore] = useState<KeyStore>('file');
  const [files, setFiles] = useState<File[]>([]);
  const [password, setPassword] = useState('');
  const [certificates, setCertificates] = useState<TokenCertificate[] | null>(null);
  const [certificateId, setCertificateId] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<GraphError | null>(null);
  const fileField = useRef<HTMLInputElement>(null);
  const focus = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

  const loadCertificates = useCallback(async () => {
    setError(null);
    setCertificates(null);
    try {
      const found = await ekeyAgent.certificates();
      if (!found.length) {
        throw new EKeyAgentError('-10101011', t('certificateSignIn.ekey.noCertificate'), 'CERTIFICATE_NOT_FOUND');
      }
      setCertificates(found);
      setCertificateId((chosen) => (found.some((c) => c.id === chosen) ? chosen : (found[0]?.id ?? '')));
    } catch (failure) {
      if (!(failure instanceof GraphError)) throw failure;
      setError(failure);
    }
  }, [t]);

  useEffect(() => {
    if (store === 'ekey') void loadCertificates();
  }, [store, loadCertificates]);

  /** Reports what the EKey said about the PIN; a medium the platform does not know is not counted there. */
  const report = async (challengeId: string, attempt: PinAttempt) => {
    try {
      await props.reportPin(challengeId, attempt.ekeySerial, attempt.correct);
    } catch (failure) {
      if (failure instanceof GraphError && failure.code === 'EKEY_NOT_FOUND') return;
      throw failure;
    }
  };

  const withKeyFile = async () => {
    const { KeyFileError, openKeyFile } = await import('./key-file');
    let opened: Awaited<ReturnType<typeof openKeyFile>>;
    try {
      opened = await openKeyFile(
        await Promise.all(files.map(async (file) => new Uint8Array(await file.arrayBuffer()))),
        password,
      );
    } catch (failure) {
      if (!(failure instanceof KeyFileError)) throw failure;
      throw new GraphError(codeOfProblem[failure.problem], t(`certificateSignIn.file.problems.${failure.problem}`));
    }
    const issued = await props.challenge();
    const signature = await opened.sign(fromBase64(issued.challenge)).catch(() => {
      throw new GraphError('-10101019', t('certificateSignIn.file.problems.signingFailed'));
    });
    await props.signIn({
      challengeId: issued.id,
      certificate: toBase64(opened.certificate),
      signature: toBase64(signature),
    });
  };

  const withEKey = async () => {
    const issued = await props.challenge();
    let signed: Awaited<ReturnType<typeof ekeyAgent.sign>>;
    try {
      signed = await ekeyAgent.sign(certificateId, issued.challenge, pin);
    } catch (failure) {
      if (failure instanceof EKeyAgentError && failure.pinAttempt) await report(issued.id, failure.pinAttempt);
      throw failure;
    }
    await report(issued.id, signed.pinAttempt);
    await props.signIn({ challengeId: issued.id, certificate: signed.certificate, signature: signed.signature });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setError(null);
    if (store === 'file' && !files.length) {
      setError(new GraphError('KEY_FILE_REQUIRED', t('certificateSignIn.file.required')));
      fileField.current?.focus();
      return;
    }
    if (store === 'ekey' && (!certificateId || !pin)) {
      setError(new GraphError('EKEY_PIN_REQUIRED', t('certificateSignIn.ekey.pinRequired')));
      focus('certificate-ekey-pin');
      return;
    }
    setBusy(true);
    try {
      await (store === 'file' ? withKeyFile() : withEKey());
    } catch (failure) {
      if (!(failure instanceof GraphError)) throw failure;
      setError(failure);
      if (store === 'ekey') {
        setPin('');
        focus('certificate-ekey-pin');
      } else if (/PASSWORD/.test(failure.code)) {
        focus('certificate-key-password');
      }
    } finally {
      setBusy(false);
    }
  };

  const choice = (value: KeyStore, label: string) => (
    <label className="choice">
      <input
        type="radio"
        name="keyStore"
        value={value}
        checked={store === value}
        onChange={() => {
          setStore(value);
          setError(null);
        }}
      />{' '}
      {label}
    </label>
  );

  return (
    <form
      id="sign-in-form"
      role="tabpanel"
      aria-labelledby={props.labelledBy}
      aria-busy={busy}
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <ErrorAlert error={error} />
      <p className="field-hint">{t('certificateSignIn.intro')}</p>
      <fieldset className="choices">
        <legend>{t('certificateSignIn.keyStore')}</legend>
        {choice('file', t('certificateSignIn.byKeyFile'))}
        {choice('ekey', t('certificateSignIn.byEKey'))}
      </fieldset>
      {store === 'file' ? (
        <>
          <div className="field">
            <label htmlFor="certificate-key-file">{t('certificateSignIn.file.label')}</label>
            <p className="field-hint" id="certificate-key-file-hint">
              {t('certificateSignIn.file.hint')}
            </p>
            <input
              ref={fileField}
              id="certificate-key-file"
              name="keyFile"
              type="file"
              multiple
              accept=".p12,.pfx,.pem,.crt,.cer,.key"
              aria-describedby="certificate-key-file-hint"
              onChange={(event) => setFiles(Array.from(event.target.files ?? []))}
            />
          </div>
          <Field
            id="certificate-key-password"
            label={t('certificateSignIn.file.password')}
            hint={t('certificateSignIn.file.passwordHint')}
            name="keyFilePassword"
            type="password"
            autoComplete="off"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </>
      ) : (
        <>
          <p className="field-hint">{t('certificateSignIn.ekey.hint')}</p>
          {certificates && (
            <SelectField
              label={t('certificateSignIn.ekey.certificate')}
              name="ekeyCertificate"
              value={certificateId}
              onChange={(event) => setCertificateId(event.target.value)}
              choices={certificates.map((c) => ({
                value: c.id,
                label: t('certificateSignIn.ekey.choice', {
                  name: commonName(c.subject),
                  notAfter: c.notAfter.slice(0, 10),
                }),
              }))}
            />
          )}
          <Field
            id="certificate-ekey-pin"
            label={t('certificateSignIn.ekey.pin')}
            name="ekeyPin"
            type="password"
            autoComplete="off"
            inputMode="numeric"
            maxLength={64}
            value={pin}
            onChange={(event) => setPin(event.target.value)}
          />
          <div className="actions">
            <button type="button" className="secondary" disabled={busy} onClick={() => void loadCertificates()}>
              {t('certificateSignIn.ekey.reload')}
            </button>
          </div>
        </>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t('certificateSignIn.submit')}
        </button>
      </div>
    </form>
  );
}
