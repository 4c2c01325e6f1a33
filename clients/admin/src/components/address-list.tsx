import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * An editable list of addresses (one input each, added and removed one by one), with its hint and
 * the error the server gave for the whole list.
 */
export function AddressList({
  label,
  hint,
  error,
  addresses,
  onChange,
}: {
  label: string;
  hint?: string;
  error?: string;
  addresses: string[];
  onChange: (addresses: string[]) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const set = (index: number, value: string) => onChange(addresses.map((a, i) => (i === index ? value : a)));
  return (
    <fieldset className={error ? 'field-invalid' : undefined} aria-describedby={`${id}-hint ${id}-error`}>
      <legend>{label}</legend>
      {addresses.map((address, index) => (
        <div className="address-row" key={index}>
          <input
            type="url"
            aria-label={t('systems.addressItem', { label, n: index + 1 })}
            value={address}
            onChange={(e) => set(index, e.target.value)}
          />
          <button
            type="button"
            className="secondary"
            aria-label={t('systems.removeAddress', { label, n: index + 1 })}
            onClick={() => onChange(addresses.filter((_, i) => i !== index))}
          >
            {t('systems.remove')}
          </button>
        </div>
      ))}
      <button type="button" className="secondary" onClick={() => onChange([...addresses, ''])}>
        {t('systems.addAddress', { label })}
      </button>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
