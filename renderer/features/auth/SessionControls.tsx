import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { useNavigation } from '../../stores/navigation';
import { useSession } from '../../stores/session';
import { useStaffStrings } from '../staff/strings';
import './auth.css';

/**
 * In the status bar: who is signed in, their own PIN (or password) to change, lock the screen, or hand the
 * counter to a colleague (quick switch).
 */
export function SessionControls() {
  const { t } = useStaffStrings();
  const api = useApi();
  const session = useSession((s) => s.session);
  if (!session) return null;
  const leave = (how: 'lock' | 'switch') => {
    const done = () => useSession.getState().signedOut();
    const call = how === 'lock' ? api['auth.lock']({ reason: 'manual' }) : api['auth.signOut']({});
    call.then(done, (error: unknown) => (errorShapeOf(error), done()));
  };
  return (
    <span className="session-controls" data-testid="session">
      {/* The name is the status bar's "staff"; the role is said here, beside the buttons that hand the counter over. */}
      <span>{t(`auth.role_${session.role}`)}</span>
      <button
        type="button"
        className={`link-button${session.pinChangeAdvised ? ' advised' : ''}`}
        onClick={() => useNavigation.getState().go({ name: 'account' })}
      >
        {t(session.pinChangeAdvised ? 'myAccount.linkAdvised' : 'myAccount.link')}
      </button>
      <button type="button" className="link-button" onClick={() => leave('lock')}>
        {t('auth.lock')}
      </button>
      <button type="button" className="link-button" onClick={() => leave('switch')}>
        {t('auth.switchUser')}
      </button>
    </span>
  );
}
