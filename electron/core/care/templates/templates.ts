import { templateBodySchema, templateKeys, type ContactLinks, type MessageTemplate, type TemplateKey } from '../../../../shared/care';
import { AkrabError } from '../../../../shared/errors';
import { whatsappLink } from '../../../../shared/phone';
import { readCustomerDetail } from '../../customers/readModel';
import { currentOutlet } from '../../outlets/outlets';
import type { Store } from '../../store/store';
import { transact } from '../../store/writer';
import { parseOrThrow, readSetting, requireOutlet, writeSetting } from '../settings/careSettings';
import { defaultTemplates } from '../settings/defaults';

/** Message templates per outlet (Indonesian defaults), filled in and handed to the OS as wa.me / tel: links. */

function templateSettingKey(key: TemplateKey): string {
  return `template:${key}`;
}

export function listTemplates(store: Store, outletId: string | null): MessageTemplate[] {
  return templateKeys.map((key) => {
    const stored = outletId ? readSetting(store, outletId, templateSettingKey(key), templateBodySchema, '') : '';
    return { key, body: stored || defaultTemplates[key], customised: stored !== '' };
  });
}

/** A manager's text for one template; null puts the built-in text back. */
export function saveTemplate(store: Store, outletId: string | null, key: TemplateKey, body: string | null): MessageTemplate[] {
  const outlet = requireOutlet(store, outletId);
  if (!templateKeys.includes(key)) throw new AkrabError({ code: 'validation', field: 'key', messageKey: 'error.template_unknown' });
  const value = body === null ? '' : parseOrThrow(templateBodySchema, body);
  transact(store, (w) => writeSetting(store, w, outlet.id, templateSettingKey(key), value));
  return listTemplates(store, outlet.id);
}

export interface TemplateValues {
  sapaan: string;
  nama: string;
  kartu: string;
  acara: string;
  outlet: string;
  staf: string;
}

/** Fills the placeholders; an empty value leaves no double spaces or dangling brackets behind. */
export function renderTemplate(body: string, values: TemplateValues | Readonly<Record<string, string>>): string {
  return body
    .replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? (values as Readonly<Record<string, string>>)[name]! : match))
    .replace(/\(\s*\)/g, '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/ +([,.!?])/g, '$1')
    .trim();
}

const writtenTitle = /^(bapak|bpk\.?|pak|ibu|bu|sdr\.?|sdri\.?|saudara|saudari|tuan|nyonya|ny\.)\s/i;

/** Bapak / Ibu from the recorded gender; nothing when the name already carries a title. */
export function salutation(fullName: string, gender: 'M' | 'F' | null): string {
  if (writtenTitle.test(fullName.trim())) return '';
  return gender === 'M' ? 'Bapak' : gender === 'F' ? 'Ibu' : 'Bapak/Ibu';
}

/**
 * The filled-in message and the links that open it: https://wa.me/62…?text=… for a mobile number, and tel:.
 * No network and no messaging API: the UI hands the link to the operating system and logs the contact when
 * the staff member confirms it was sent.
 */
export function contactLinks(
  store: Store,
  input: { customerId: string; template: TemplateKey; occasion?: string | null; phone?: string | null },
): ContactLinks {
  const customer = readCustomerDetail(store, input.customerId, 0);
  if (!customer) throw new AkrabError({ code: 'not_found', field: 'customerId', messageKey: 'error.customer_not_found' });
  const outlet = currentOutlet(store);
  const template = listTemplates(store, outlet?.id ?? null).find((t) => t.key === input.template);
  if (!template) throw new AkrabError({ code: 'validation', field: 'template', messageKey: 'error.template_unknown' });
  const phones = customer.phones.map((p) => p.e164);
  if (input.phone && !phones.includes(input.phone))
    throw new AkrabError({ code: 'validation', field: 'phone', messageKey: 'error.phone_not_on_customer' });
  const phone = input.phone ?? phones.find((p) => p.startsWith('+628')) ?? phones[0] ?? null;
  const card = customer.cards.find((c) => c.status === 'active') ?? customer.cards[0];
  const text = renderTemplate(template.body, {
    sapaan: salutation(customer.fullName, customer.gender),
    nama: customer.fullName,
    kartu: card?.cardNo ?? '',
    acara: input.occasion?.trim() ?? '',
    outlet: outlet?.name ?? '',
    staf: store.staff ?? '',
  });
  return {
    phone,
    text,
    // WhatsApp lives on mobile numbers (+628…); a landline only gets the tel: link.
    whatsapp: phone && phone.startsWith('+628') ? whatsappLink(phone, text) : null,
    tel: phone ? `tel:${phone}` : null,
  };
}
