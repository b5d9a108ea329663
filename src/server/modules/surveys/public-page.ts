import type { Questionnaire } from '../../../domain/surveys/types';
import { displayDate } from '../units/model';
import type { Receipt } from './answers';

/**
 * The household's answer page, rendered on the server: plain HTML forms that work with no
 * JavaScript at all on a cheap phone over 3G (a few KB, the bundled font, large touch targets,
 * every radio labelled, visible focus). A tiny script (`/khao-sat/khao-sat.js`) keeps the choices
 * and the retry key on the phone, so a dropped connection loses nothing and a resend is not a
 * second vote.
 */

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
@font-face{font-family:'Be Vietnam Pro';font-weight:400;font-display:swap;src:url(/khao-sat/fonts/latin-400.woff2) format('woff2');unicode-range:U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD}
@font-face{font-family:'Be Vietnam Pro';font-weight:400;font-display:swap;src:url(/khao-sat/fonts/vietnamese-400.woff2) format('woff2');unicode-range:U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB}
@font-face{font-family:'Be Vietnam Pro';font-weight:600;font-display:swap;src:url(/khao-sat/fonts/latin-600.woff2) format('woff2');unicode-range:U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD}
@font-face{font-family:'Be Vietnam Pro';font-weight:600;font-display:swap;src:url(/khao-sat/fonts/vietnamese-600.woff2) format('woff2');unicode-range:U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB}
*{box-sizing:border-box}body{margin:0;font:17px/1.5 'Be Vietnam Pro',sans-serif;color:#1a1a1a;background:#f4f6f4}
main{max-width:640px;margin:0 auto;padding:16px}h1{font-size:1.3rem;margin:.2em 0}h2{font-size:1.05rem}
.card{background:#fff;border-radius:10px;padding:16px;margin:12px 0;border:1px solid #d5dbd5}
fieldset{border:1px solid #d5dbd5;border-radius:10px;margin:0 0 12px;padding:12px;background:#fff}
legend{font-weight:600;padding:0 4px}.choices{display:flex;flex-wrap:wrap;gap:8px;margin-top:6px}
.choices label{flex:1 1 140px;min-height:48px;display:flex;align-items:center;gap:10px;padding:10px 12px;border:2px solid #9aa59a;border-radius:8px;cursor:pointer;background:#fff}
.choices input{width:24px;height:24px;margin:0;accent-color:#1b5e20}
.choices label:has(input:checked){border-color:#1b5e20;background:#e8f5e9}
input[type=text]{width:100%;min-height:48px;font:inherit;font-size:1.2rem;letter-spacing:.08em;padding:8px 12px;border:2px solid #5f6b5f;border-radius:8px;text-transform:uppercase}
button{min-height:52px;width:100%;font:inherit;font-weight:600;font-size:1.1rem;color:#fff;background:#1b5e20;border:0;border-radius:8px;padding:12px;cursor:pointer}
button[disabled]{background:#6b7b6b}:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
.error{border-left:6px solid #b3261e;background:#fdecea;color:#5c1010}.ok{border-left:6px solid #1b5e20;background:#e8f5e9}
.muted{color:#4a544a;font-size:.92rem}.receipt{font-size:1.6rem;font-weight:600;letter-spacing:.06em}
@media print{button,.noprint{display:none}body{background:#fff}}
`;

function page(title: string, body: string, options: { script?: boolean } = {}): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><meta name="robots" content="noindex"><style>${STYLE}</style>
${options.script ? '<script src="/khao-sat/khao-sat.js" defer></script>' : ''}</head>
<body><main>${body}</main></body></html>`;
}

function notice(kind: 'error' | 'ok', text: string): string {
  return `<div class="card ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${escapeHtml(text)}</div>`;
}

/** The page that asks for the code printed on the slip. */
export function codeEntryPage(error?: string, code = ''): string {
  return page(
    'Lấy ý kiến sự hài lòng — nhập mã hộ',
    `<h1>Lấy ý kiến sự hài lòng của người dân</h1>
<p>về kết quả xây dựng nông thôn mới. Mỗi hộ trả lời <strong>một lần</strong>, bằng mã in trên phiếu Ban công tác Mặt trận gửi hộ.</p>
${error ? notice('error', error) : ''}
<form method="get" action="/khao-sat" class="card">
<label for="ma"><strong>Mã của hộ</strong> (ví dụ K7QM-3XPA-9T)</label>
<input id="ma" name="ma" type="text" inputmode="text" autocomplete="off" autocapitalize="characters" required value="${escapeHtml(code)}" aria-describedby="ma-help">
<p id="ma-help" class="muted">Mã gồm 10 ký tự, không có chữ O và số 0. Quét mã QR trên phiếu sẽ tự điền mã.</p>
<button type="submit">Tiếp tục</button>
</form>`,
  );
}

export interface FormPageView {
  code: string;
  clientId: string;
  campaign: { reference: string; title: string; unitName: string; closesOn: string };
  village: string;
  questionnaire: Questionnaire;
  values?: Record<string, string>;
  error?: string;
}

/** The questionnaire: one fieldset per question, two large choices, blanks allowed. */
export function formPage(view: FormPageView): string {
  const { questionnaire } = view;
  const options = questionnaire.scale.options;
  const question = (id: string, label: string) => {
    const chosen = view.values?.[id];
    const radios = options
      .map(
        (option) =>
          `<label><input type="radio" name="${escapeHtml(id)}" value="${option.value}"${chosen === option.value ? ' checked' : ''}> ${escapeHtml(option.label)}</label>`,
      )
      .join('');
    return `<fieldset><legend>${label}</legend><div class="choices">${radios}</div></fieldset>`;
  };
  const questions = questionnaire.questions
    .map((q) => question(q.id, `${q.number}. ${escapeHtml(q.text)}`))
    .join('\n');
  return page(
    `Phiếu lấy ý kiến — ${view.campaign.unitName}`,
    `<h1>${escapeHtml(questionnaire.name)}</h1>
<p class="muted">${escapeHtml(view.campaign.title)} · ${escapeHtml(view.village)} · trả lời đến hết ngày ${displayDate(view.campaign.closesOn)}</p>
<div class="card"><p>Phiếu <strong>không ghi tên</strong>: kết quả chỉ đếm số hộ hài lòng, không ai biết hộ nào trả lời thế nào. Câu nào chưa rõ có thể bỏ trống. Sau khi gửi, hộ không sửa được câu trả lời.</p></div>
${view.error ? notice('error', view.error) : ''}
<form method="post" action="/khao-sat" id="survey-form" data-code="${escapeHtml(view.code)}">
<input type="hidden" name="ma" value="${escapeHtml(view.code)}">
<input type="hidden" name="clientId" value="${escapeHtml(view.clientId)}">
${questions}
${question(questionnaire.overall.id, `<strong>${escapeHtml(questionnaire.overall.text)}</strong>`)}
<p class="muted" id="save-state" aria-live="polite"></p>
<button type="submit">Gửi ý kiến của hộ</button>
</form>`,
    { script: true },
  );
}

/** The confirmation the household keeps (it can be printed or photographed). */
export function receiptPage(receipt: Receipt): string {
  return page(
    'Đã ghi nhận ý kiến của hộ',
    `<h1>Cảm ơn hộ đã cho ý kiến</h1>
${notice('ok', receipt.replayed ? 'Ý kiến của hộ đã được ghi nhận từ lần gửi trước; lần gửi lại này không tính thêm phiếu.' : 'Ý kiến của hộ đã được ghi nhận.')}
<div class="card" id="receipt">
<p>Mã xác nhận</p><p class="receipt">${escapeHtml(receipt.receipt)}</p>
<p>${escapeHtml(receipt.campaign.title)}<br><span class="muted">${escapeHtml(receipt.campaign.reference)} · ngày ${displayDate(receipt.answeredOn)}</span></p>
<p class="muted">Hộ giữ mã này (chụp màn hình hoặc in) để đối chiếu khi cần. Mỗi hộ chỉ trả lời một lần.</p>
</div>
<p class="noprint"><button type="button" data-print>In / lưu xác nhận</button></p>`,
    { script: true },
  );
}

/** A page that only says something (already answered, closed, not open yet). */
export function messagePage(title: string, text: string): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>${notice('error', text)}<p><a href="/khao-sat">Nhập mã khác</a></p>`,
  );
}

/**
 * The page's script: keeps the choices and the retry key per code in localStorage (restored on
 * reload, cleared on the receipt), disables the button while sending, prints the receipt.
 */
export const PAGE_SCRIPT = `(function(){var f=document.getElementById('survey-form');
var p=document.querySelector('[data-print]');if(p){p.addEventListener('click',function(){window.print()});try{Object.keys(localStorage).forEach(function(k){if(k.indexOf('ntm-ks:')===0)localStorage.removeItem(k)})}catch(e){}}
if(!f)return;var key='ntm-ks:'+f.getAttribute('data-code'),s=document.getElementById('save-state'),saved=null;
try{saved=JSON.parse(localStorage.getItem(key)||'null')}catch(e){}
var cid=f.querySelector('input[name=clientId]');
if(saved&&saved.clientId){cid.value=saved.clientId;Object.keys(saved.answers||{}).forEach(function(n){var i=f.querySelector('input[name="'+n+'"][value="'+saved.answers[n]+'"]');if(i)i.checked=true});if(s)s.textContent='Đã khôi phục các câu đã chọn trên máy này.'}
function keep(){var a={};Array.prototype.forEach.call(f.querySelectorAll('input[type=radio]:checked'),function(i){a[i.name]=i.value});try{localStorage.setItem(key,JSON.stringify({clientId:cid.value,answers:a}))}catch(e){}}
f.addEventListener('change',keep);keep();
f.addEventListener('submit',function(){keep();var b=f.querySelector('button[type=submit]');if(b){b.disabled=true;b.textContent='Đang gửi… (mất sóng thì bấm gửi lại, không tính hai lần)';setTimeout(function(){b.disabled=false;b.textContent='Gửi lại'},15000)}});
})();`;
