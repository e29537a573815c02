/** A realistic small mailbox for the demo: varied senders, one HTML newsletter, one with attachments. */
import { buildMessage, type MailSpec } from '../../test/harness/mail-factory';

const people = [
  ['Ada Lovelace', 'ada@analytical.example'],
  ['Grace Hopper', 'grace@navy.example'],
  ['Linus Torvalds', 'linus@kernel.example'],
  ['Margaret Hamilton', 'margaret@apollo.example'],
  ['Ken Thompson', 'ken@bell.example'],
  ['Barbara Liskov', 'barbara@mit.example'],
] as const;

const subjects = [
  ['Lunch on Thursday?', 'Are you free for lunch on Thursday? The new place on the corner does great soup.'],
  ['Re: quarterly numbers', 'Thanks for the spreadsheet. Two questions on row 14 — can we talk tomorrow?'],
  ['Build is green again', 'The flaky test was a timezone issue. Fixed in main, all 412 tests pass.'],
  ['Draft for review', 'Here is the draft of the proposal. Comments welcome before Friday.'],
  ['Your parcel is on its way', 'Your order #4711 has shipped and should arrive on Tuesday.'],
  ['Meeting notes', 'Attendees: all. Decisions: ship on the 3rd, freeze on the 1st. Actions below.'],
  ['Holiday photos', 'Finally sorted the photos from the trip. The lake ones came out best.'],
  ['Invoice 2026-118', 'Please find the invoice for November. Payment within 14 days.'],
  ['Can you review my PR?', 'Small one: it renames the config loader and adds two tests. No rush.'],
  ['Dentist appointment reminder', 'This is a reminder of your appointment on Monday at 9:30.'],
  ['Re: conference talk', 'The committee liked the abstract. Slides are due two weeks before the event.'],
  ['Server maintenance tonight', 'The mail server restarts at 23:00 for updates; expect five minutes of downtime.'],
  ['Book club: next pick', 'We are reading "The Dispossessed" next. First meeting on the 12th.'],
  ['Password changed', 'The password of your account was changed. If this was not you, contact support.'],
  ['Re: offsite venue', 'The venue by the lake has room for 30 and a projector. Shall I book it?'],
  ['Weekend hike?', 'Forecast looks good for Saturday. Meet at the station at 8?'],
  ['Flight confirmation LH 2041', 'Your flight on 14 Dec departs at 07:15 from terminal 1. Seat 23A.'],
  ['New comment on your design doc', 'Barbara commented: "Could the cache key include the uidValidity?"'],
  ['Re: Re: the printer', 'It works again after turning it off and on. Of course it does.'],
  ['Team lunch photos', 'A few pictures from Friday, the cake was a success.'],
  ['Your subscription renews soon', 'Your annual plan renews on 1 January. No action is needed.'],
  ['Interview schedule', 'Three candidates next week: Tuesday 10:00, Wednesday 14:00, Thursday 11:00.'],
  ['Recipe you asked for', 'Here is the lentil soup recipe. The secret is a spoon of smoked paprika.'],
  ['On-call handover', 'Quiet week: one disk alert on Tuesday, resolved. Handover notes attached.'],
];

function person(i: number) {
  const [name, address] = people[i % people.length];
  return `${name} <${address}>`;
}

/** Mail already in the INBOX when the demo starts (some read, most unread). */
export function inboxMail(now = Date.now()): { raw: string; flags?: string[] }[] {
  const mail: { raw: string; flags?: string[] }[] = [];
  for (let i = 0; i < 24; i++) {
    const [subject, text] = subjects[i % subjects.length];
    mail.push({
      raw: buildMessage({
        from: person(i),
        to: 'demo@mailglance.example',
        subject,
        text,
        date: new Date(now - (i + 1) * 47 * 60_000),
      }),
      flags: i % 3 === 2 ? ['\\Seen'] : [],
    });
  }
  mail.push({ raw: newsletter(new Date(now - 20 * 60_000)) });
  mail.push({ raw: withAttachments(new Date(now - 35 * 60_000)) });
  return mail;
}

/** Mail in the second watched folder. */
export function workMail(now = Date.now()): { raw: string; flags?: string[] }[] {
  return [0, 1, 2, 3, 4].map((i) => ({
    raw: buildMessage({
      from: person(i + 2),
      subject: `[project] ${subjects[(i + 3) % subjects.length][0]}`,
      text: subjects[(i + 3) % subjects.length][1],
      date: new Date(now - (i + 2) * 90 * 60_000),
    }),
    flags: i === 4 ? ['\\Seen'] : [],
  }));
}

export function newsletter(date = new Date()): string {
  const spec: MailSpec = {
    from: 'The Weekly Byte <news@weeklybyte.example>',
    subject: 'The Weekly Byte: 5 things worth reading',
    to: 'demo@mailglance.example',
    date,
    text: 'The Weekly Byte — five things worth reading this week. View in your browser for images.',
    html: `<html><body style="font-family:sans-serif">
<h1 style="color:#1a73e8">The Weekly Byte</h1>
<img src="https://tracker.weeklybyte.example/open.gif?u=demo" width="1" height="1" alt="">
<p>Five things worth reading this week:</p>
<ol><li><a href="https://example.org/imap-idle">Why IMAP IDLE still matters</a></li>
<li><a href="https://example.org/pop3">POP3 is older than you think</a></li>
<li>Sanitizing HTML mail, done right</li></ol>
<p><img src="https://cdn.weeklybyte.example/banner.png" alt="banner" width="400"></p>
</body></html>`,
  };
  return buildMessage(spec);
}

export function withAttachments(date = new Date()): string {
  return buildMessage({
    from: person(3),
    subject: 'Slides and budget for Monday',
    to: 'demo@mailglance.example',
    date,
    text: 'Attached are the slides and the budget sheet for Monday.',
    attachments: [
      { filename: 'slides.pdf', contentType: 'application/pdf', content: Buffer.alloc(48_000, 1) },
      { filename: 'budget.csv', contentType: 'text/csv', content: Buffer.from('item,cost\nservers,1200\n') },
    ],
  });
}

let counter = 0;
/** A new message for the periodic delivery. */
export function freshMessage(): string {
  counter += 1;
  const [subject, text] = subjects[counter % subjects.length];
  return buildMessage({ from: person(counter), subject: `${subject} (#${counter})`, text, date: new Date() });
}
