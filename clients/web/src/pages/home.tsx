import { Page, useGraphQuery, useSession } from '@tessera/ui';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MeDocument } from '../gql/graphql';

const signedInCards = [
  { to: '/certificates', key: 'certificates' },
  { to: '/certificates/apply', key: 'apply' },
  { to: '/account', key: 'account' },
  { to: '/account/password', key: 'password' },
];
const visitorCards = [
  { to: '/register', key: 'register' },
  { to: '/sign-in', key: 'signIn' },
  { to: '/status', key: 'status' },
  { to: '/help', key: 'help' },
];

export function HomePage() {
  const { t } = useTranslation();
  const session = useSession();
  const me = useGraphQuery(MeDocument, {}, { enabled: session.signedIn() });
  const cards = session.signedIn() ? signedInCards : visitorCards;
  return (
    <Page title={t('home.title')}>
      {me.data?.me && <p>{t('home.welcome', { name: me.data.me.displayName ?? me.data.me.username })}</p>}
      <p>{t('home.intro')}</p>
      <ul className="cards home-cards">
        {cards.map((card) => (
          <li key={card.to} className="card">
            <h2>
              <Link to={card.to}>{t(`home.cards.${card.key}.title`)}</Link>
            </h2>
            <p>{t(`home.cards.${card.key}.text`)}</p>
          </li>
        ))}
      </ul>
    </Page>
  );
}
