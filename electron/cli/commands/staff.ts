import { parseArgs } from 'node:util';
import { validationError } from '../../../shared/errors';
import { roles } from '../../../db/schema/staff';
import { createFirstAdmin, createStaff, listStaff, signIn, type StaffSummary } from '../../core/auth/staffAccounts';
import type { Role } from '../../core/auth/roles';
import { ensureOutlet, outletByCode } from '../../core/outlets/outlets';
import { transact } from '../../core/store/writer';
import type { CliContext, Command } from '../context';
import { print, withStore } from './points';

const usage = `usage: akrab staff create-admin --name NAME --pin PIN --password PASSWORD [--json]
                         this device's first admin, as the app's first-start form makes it (a store without staff, not
                         enrolled: an enrolled device's staff come from the central server, akrab server create-admin)
       akrab staff add --name NAME --role ${roles.join('|')} [--outlet CODE] --pin PIN [--password PASSWORD]
                         --by STAFF_ID --by-password PASSWORD [--json]
                         an account made by an admin (anyone; an outlet code not yet known is added) or a manager
                         (below manager, at their outlet); managers and admins need a password
       akrab staff list [--json]`;

const describe = (s: StaffSummary) => [
  `${s.id}  ${s.name}  ${s.role}${s.outletCode ? `  ${s.outletCode}` : ''}${s.active ? '' : '  inactive'}`,
];

/** `akrab staff …`: the accounts a CLI-only device needs for the commands a manager signs (points adjust, card block…). */
export const staff: Command = async (args: string[], ctx: CliContext) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      role: { type: 'string' },
      outlet: { type: 'string' },
      pin: { type: 'string' },
      password: { type: 'string' },
      by: { type: 'string' },
      'by-password': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [sub] = positionals;
  if (values.help || !sub || !['create-admin', 'add', 'list'].includes(sub)) {
    (values.help ? ctx.out : ctx.err)(usage);
    return values.help ? 0 : 2;
  }
  return withStore(ctx, (store) => {
    if (sub === 'list') return print(ctx, listStaff(store), (list) => list.flatMap(describe));
    if (sub === 'create-admin')
      return print(
        ctx,
        createFirstAdmin(store, { name: values.name ?? '', pin: values.pin ?? '', password: values.password ?? '' }),
        describe,
      );
    if (!values.by || !values['by-password']) throw validationError('by', 'error.sign_in_required');
    const role = values.role as Role | undefined;
    if (!role || !(roles as readonly string[]).includes(role)) throw validationError('role', 'error.role_invalid');
    const actor = signIn(store, values.by, { password: values['by-password'] });
    // On a device without a server its outlets come from imports; an admin naming a new one for an account adds it,
    // in the account's transaction: an account refused adds no outlet.
    const code = values.outlet?.trim().toUpperCase();
    const adds = !!code && actor.role === 'admin' && !outletByCode(store, code);
    const made = transact(store, () => {
      if (adds) ensureOutlet(store, code!);
      return createStaff(store, actor, {
        name: values.name ?? '',
        role,
        outletCode: code ?? null,
        pin: values.pin ?? '',
        password: values.password ?? null,
      });
    });
    if (adds && !ctx.json) ctx.out(`Outlet ${code} added (time zone Asia/Jakarta; the app's settings change it).`);
    return print(ctx, made, describe);
  });
};
