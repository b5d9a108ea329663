import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOverdue, stepDue } from './check';
import { deriveDossierState } from './state';
import { CAL, CRITERIA, Case, TEMPLATES, loadTemplate, templateOf } from './test-helpers';

const X131 = loadTemplate('xa-131-2025');
const X18 = loadTemplate('xa-18-2022');
const H18 = loadTemplate('huyen-18-2022');

const messages = import.meta.glob<Record<string, string>>('../../server/i18n/{vi,en}.json', {
  import: 'default',
  eager: true,
});
const checkSource =
  Object.values(
    import.meta.glob<string>('./check.ts', { query: '?raw', import: 'default', eager: true }),
  )[0] ?? '';

const seen = new Set<string>();
function refused(codes: string[], code: string): void {
  expect(codes).toContain(`recognition.${code}`);
  seen.add(code);
}

describe('a commune dossier through xa-131-2025', () => {
  it('goes from self-assessment to publication, checked at every step', () => {
    const c = new Case(X131);
    const path: string[] = [c.state.step];
    while (c.state.status === 'in_progress') {
      // Nothing but what the step needs gets through: proceeding too early is refused, except where
      // the step needs nothing.
      c.completeStep();
      path.push(c.state.step);
    }
    expect(path).toEqual([...X131.steps.map((s) => s.code), 'cong_bo']);
    const s = c.state;
    expect(s.status).toBe('published');
    expect(s.kind).toBe('commune_ntm');
    expect(s.decision?.number).toBe('123/QĐ-UBND');
    expect(s.council).toMatchObject({ present: 3, inFavour: 2 });
    expect(s.council?.share).toBeCloseTo(2 / 3);
    expect(Object.keys(s.reviews).sort()).toEqual(CRITERIA);
    expect(s.visits.map((v) => v.outcome)).toEqual([
      ...X131.steps.slice(0, -1).map(() => 'proceed'),
      'publish',
    ]);
    expect(s.flags).toEqual([]);
    expect(c.codes('attach_document', { documentCode: 'other', fileId: 'x', name: 'x' })).toEqual([
      'recognition.closed',
    ]);
  });
  it('every shipped template can be walked to publication', () => {
    for (const t of TEMPLATES) {
      const c = new Case(t, t.kinds[0], t.validFrom);
      c.goTo(t.steps[t.steps.length - 1]?.code ?? '');
      c.completeStep();
      expect(c.state.status, t.code).toBe('published');
    }
  });
});

describe('refusals', () => {
  it('roles, closed dossiers, payloads, templates', () => {
    const c = new Case(X131);
    refused(c.codes('open', {}), 'already_open');
    refused(
      c.codes('proceed', { fromStep: 'tu_danh_gia', toStep: 'cong_khai' }, { roles: ['admin'] }),
      'wrong_role',
    );
    expect(c.check('proceed', {}, { roles: ['province'] })[0]).toEqual({
      code: 'recognition.wrong_role',
      params: { step: 'Xã tự đánh giá kết quả thực hiện các tiêu chí', roles: 'commune' },
    });
    refused(c.codes('attach_document', { documentCode: 'to_trinh' }), 'bad_payload');
    refused(c.codes('proceed', {}, { template: X18 }), 'template_mismatch');
    refused(
      c.codes('proceed', { fromStep: 'tu_danh_gia', toStep: 'lay_y_kien' }),
      'bad_transition',
    );
    refused(c.codes('withdraw', {}, { roles: ['province'] }), 'wrong_role');
    c.do('withdraw', {});
    refused(c.codes('proceed', { fromStep: 'tu_danh_gia', toStep: 'cong_khai' }), 'closed');
    expect(c.state.status).toBe('withdrawn');
    // Flags may still be raised on a closed dossier.
    expect(
      c.check('raise_flag', { flag: 'needs_reroute' }, { roles: ['province'], reason: 'Kiểm tra' }),
    ).toEqual([]);
  });
  it('an unknown step', () => {
    const c = new Case(X131);
    c.push('reroute', {
      fromTemplate: X131.code,
      toTemplate: X131.code,
      toTemplateVersion: 1,
      toStep: 'khong_co',
    });
    refused(c.codes('proceed', {}), 'unknown_step');
  });
  it('documents, opinions, satisfaction, conditions at the wrong step', () => {
    const c = new Case(X131);
    refused(
      c.codes('attach_document', { documentCode: 'to_trinh', fileId: 'f', name: 'f.pdf' }),
      'document_not_in_checklist',
    );
    c.do('attach_document', { documentCode: 'other', fileId: 'f1', name: 'ảnh.jpg' });
    refused(c.codes('remove_document', { fileId: 'khong' }), 'document_not_found');
    c.do('remove_document', { fileId: 'f1' });
    expect(c.state.documents).toEqual([]);
    refused(
      c.codes('record_opinion', { organisation: 'MTTQ', summary: 'Đồng ý' }),
      'opinions_not_at_step',
    );
    refused(
      c.codes('record_satisfaction', {
        source: 'survey',
        coverage: 80,
        satisfied: 95,
        passed: true,
      }),
      'satisfaction_not_at_step',
    );
    refused(
      c.codes('declare_condition', { condition: 'no_construction_debt', holds: true }),
      'condition_not_at_step',
    );
    refused(c.codes('review_criterion', { criterion: '1', verdict: 'pass' }), 'review_not_at_step');
    refused(
      c.codes('record_council', { heldOn: '2025-07-07', members: [] }),
      'council_not_at_step',
    );
    refused(
      c.codes('record_decision', {
        number: '1',
        issuedOn: '2025-07-07',
        signer: 'A',
        signerTitle: 'B',
        effectiveOn: '2025-07-07',
        fileId: 'f',
      }),
      'decision_not_at_step',
    );
    refused(c.codes('publish', {}), 'publish_not_at_step');
    refused(
      c.codes('return', { fromStep: 'tu_danh_gia', toStep: 'tu_danh_gia', criteria: [] }),
      'cannot_return',
    );
    refused(c.codes('refuse', {}), 'cannot_refuse');
  });
  it('the public posting period', () => {
    const c = new Case(X131);
    c.completeStep(); // entered on 07/07: 15 days end on 22/07
    expect(c.state.step).toBe('cong_khai');
    c.clock = '2025-07-22';
    const r = c.check('proceed', { fromStep: 'cong_khai', toStep: 'lay_y_kien' });
    refused(
      r.map((x) => x.code),
      'posting_not_over',
    );
    expect(r[0]?.params).toEqual({ until: '22/07/2025', from: '23/07/2025' });
    c.clock = '2025-07-23';
    expect(c.check('proceed', { fromStep: 'cong_khai', toStep: 'lay_y_kien' })).toEqual([]);
  });
  it('satisfaction and conditions before submission', () => {
    // A survey's verdict stands: a paper report cannot replace it.
    const surveyed = new Case(X131);
    surveyed.goTo('su_hai_long');
    surveyed.push('record_satisfaction', {
      source: 'survey',
      coverage: 60,
      satisfied: 80,
      passed: false,
      surveyId: 's1',
    });
    refused(
      surveyed.codes('record_satisfaction', {
        source: 'paper',
        coverage: 80,
        satisfied: 95,
        passed: true,
        fileId: 'f',
      }),
      'satisfaction_from_survey',
    );
    const c = new Case(X131);
    c.goTo('su_hai_long');
    refused(
      c.codes('proceed', { fromStep: 'su_hai_long', toStep: 'nop_ho_so' }),
      'satisfaction_missing',
    );
    refused(
      c.codes('proceed', { fromStep: 'su_hai_long', toStep: 'nop_ho_so' }),
      'document_missing',
    );
    refused(
      c.codes('record_satisfaction', {
        source: 'paper',
        coverage: 80,
        satisfied: 95,
        passed: true,
      }),
      'satisfaction_report_missing',
    );
    c.push('record_satisfaction', {
      source: 'paper',
      coverage: 60,
      satisfied: 80,
      passed: false,
      fileId: 'f',
    });
    refused(
      c.codes('proceed', { fromStep: 'su_hai_long', toStep: 'nop_ho_so' }),
      'satisfaction_failed',
    );
    expect(c.state.flags).toContain('survey_failed');
    c.push('record_satisfaction', { source: 'paper', coverage: 80, satisfied: 95, passed: true });
    refused(
      c.codes('proceed', { fromStep: 'su_hai_long', toStep: 'nop_ho_so' }),
      'satisfaction_report_missing',
    );
    c.do('record_satisfaction', {
      source: 'paper',
      coverage: 80,
      satisfied: 95,
      passed: true,
      fileId: 'f2',
    });
    c.goTo('nop_ho_so');
    const proceed = { fromStep: 'nop_ho_so', toStep: 'tham_tra' };
    refused(
      c.codes('proceed', proceed, { facts: { allCriteriaMet: null } }),
      'criteria_incomplete',
    );
    refused(c.codes('proceed', proceed, { facts: { allCriteriaMet: false } }), 'criteria_not_met');
    refused(c.codes('proceed', proceed), 'condition_not_declared');
    c.do('declare_condition', { condition: 'no_construction_debt', holds: false, fileId: 'f3' });
    c.do('declare_condition', { condition: 'no_security_issue', holds: false });
    refused(c.codes('proceed', proceed), 'condition_not_holding');
    expect(c.state.flags).toEqual(['debt_outstanding', 'security_issue']);
  });
  it('verification: return, refuse, reasons', () => {
    const c = new Case(X131);
    c.goTo('tham_tra');
    const back = { fromStep: 'tham_tra', toStep: 'nop_ho_so', criteria: [] };
    refused(c.codes('return', back), 'reason_required');
    refused(
      c.codes('return', { ...back, toStep: 'tu_danh_gia' }, { reason: 'Thiếu' }),
      'bad_transition',
    );
    refused(
      c.codes(
        'return',
        { ...back, criteria: [{ criterion: '99', reason: 'x' }] },
        { reason: 'Thiếu' },
      ),
      'unknown_criterion',
    );
    refused(c.codes('refuse', {}), 'reason_required');
    c.do('return', back, { reason: 'Thiếu báo cáo' });
    let s = c.state;
    expect(s.step).toBe('nop_ho_so');
    expect(s.returns).toBe(1);
    expect(s.flags).toContain('returned');
    expect(s.lastReturn).toMatchObject({ fromStep: 'tham_tra', reason: 'Thiếu báo cáo' });
    c.completeStep();
    s = c.state;
    expect(s.flags).not.toContain('returned');
    expect(s.visits.filter((v) => v.step === 'nop_ho_so')).toHaveLength(2);
  });
  it('appraisal: reviews, returns with criteria, reviews cleared on re-entry', () => {
    const c = new Case(X131);
    c.goTo('tham_dinh');
    const sector = { roles: ['sector' as const] };
    refused(
      c.codes('review_criterion', { criterion: '42', verdict: 'pass' }, sector),
      'unknown_criterion',
    );
    refused(
      c.codes('review_criterion', { criterion: '1', verdict: 'fail' }, sector),
      'verdict_reason_required',
    );
    c.do('review_criterion', { criterion: '1', verdict: 'pass' }, sector);
    c.do(
      'review_criterion',
      { criterion: '2', verdict: 'more_evidence' },
      { ...sector, reason: 'Thiếu ảnh' },
    );
    const proceed = { fromStep: 'tham_dinh', toStep: 'hoi_dong' };
    refused(c.codes('proceed', proceed), 'reviews_incomplete');
    refused(c.codes('proceed', proceed), 'reviews_not_passed');
    refused(
      c.codes(
        'return',
        { fromStep: 'tham_dinh', toStep: 'tham_tra', criteria: [] },
        { reason: 'Bổ sung' },
      ),
      'return_criteria_required',
    );
    c.do(
      'return',
      {
        fromStep: 'tham_dinh',
        toStep: 'tham_tra',
        criteria: [{ criterion: '2', reason: 'Thiếu ảnh' }],
      },
      { reason: 'Bổ sung' },
    );
    expect(c.state.lastReturn?.criteria).toEqual([{ criterion: '2', reason: 'Thiếu ảnh' }]);
    c.goTo('tham_dinh');
    expect(c.state.reviews).toEqual({});
  });
  it('council and decision', () => {
    const c = new Case(X131);
    c.goTo('hoi_dong');
    const proceed = { fromStep: 'hoi_dong', toStep: 'quyet_dinh' };
    refused(c.codes('proceed', proceed), 'council_missing');
    refused(c.codes('record_council', { heldOn: '2025-09-01', members: [] }), 'council_no_members');
    refused(
      c.codes('record_council', {
        heldOn: '2025-09-01',
        members: [{ name: 'A', position: 'x', present: false, vote: 'for' }],
      }),
      'council_vote_absent',
    );
    c.do('record_council', {
      heldOn: '2025-09-01',
      members: [
        { name: 'A', position: 'x', present: true, vote: 'for' },
        { name: 'B', position: 'x', present: true, vote: 'against' },
      ],
    });
    refused(c.codes('proceed', proceed), 'council_not_in_favour');
    expect(c.check('proceed', proceed, { template: { ...X131, councilMinShare: 0.5 } })).toEqual(
      [],
    );
    c.do('record_council', {
      heldOn: '2025-09-01',
      members: [{ name: 'A', position: 'x', present: false, vote: null }],
    });
    expect(c.state.council?.share).toBeNull();
    refused(c.codes('proceed', proceed), 'council_not_in_favour');
    c.push('record_council', {
      heldOn: '2025-09-01',
      members: [{ name: 'A', position: 'x', present: true, vote: 'for' }],
    });
    c.do('proceed', proceed);
    refused(c.codes('proceed', { fromStep: 'quyet_dinh', toStep: 'cong_bo' }), 'decision_missing');
    const decision = {
      number: ' ',
      issuedOn: '2025-09-10',
      signer: 'A',
      signerTitle: 'Chủ tịch',
      effectiveOn: '2025-09-09',
      fileId: 'f',
    };
    const codes = c.codes('record_decision', decision);
    refused(codes, 'decision_field_required');
    refused(codes, 'decision_effective_before_issue');
    c.do('record_decision', { ...decision, number: '12/QĐ-UBND', effectiveOn: '2025-09-10' });
    refused(c.codes('withdraw', {}, { roles: ['commune'] }), 'withdraw_after_decision');
    c.do('proceed', { fromStep: 'quyet_dinh', toStep: 'cong_bo' });
    refused(c.codes('proceed', { fromStep: 'cong_bo', toStep: 'x' }), 'no_next_step');
  });
  it('publishing needs the decision', () => {
    const c = new Case(X131);
    c.goTo('quyet_dinh');
    c.push('proceed', { fromStep: 'quyet_dinh', toStep: 'cong_bo' });
    refused(c.codes('publish', {}), 'publish_no_decision');
  });
  it('reroute and flags', () => {
    const c = new Case(X18, 'commune_ntm', '2025-06-20');
    c.goTo('tham_tra');
    const p = {
      fromTemplate: X18.code,
      toTemplate: X131.code,
      toTemplateVersion: 1,
      toStep: 'tham_tra',
    };
    const ok = {
      roles: ['province' as const],
      reason: 'Không còn cấp huyện',
      legalBasis: '131/2025/NĐ-CP, Điều 44',
      targetTemplate: X131,
    };
    refused(c.codes('reroute', p, { ...ok, roles: ['district'] }), 'wrong_role');
    refused(c.codes('reroute', p, { ...ok, legalBasis: null }), 'legal_basis_required');
    refused(c.codes('reroute', p, { ...ok, reason: null }), 'reason_required');
    refused(c.codes('reroute', p, { ...ok, targetTemplate: null }), 'reroute_unknown_template');
    refused(
      c.codes('reroute', { ...p, toTemplate: X18.code }, { ...ok, targetTemplate: X18 }),
      'reroute_same_template',
    );
    refused(
      c.codes('reroute', { ...p, toTemplate: H18.code }, { ...ok, targetTemplate: H18 }),
      'reroute_wrong_kind',
    );
    refused(c.codes('reroute', { ...p, toStep: 'khong' }, ok), 'reroute_unknown_step');
    refused(c.codes('reroute', { ...p, fromTemplate: 'khac' }, ok), 'bad_transition');
    c.do('reroute', p, {
      roles: ['admin'],
      reason: ok.reason,
      legalBasis: ok.legalBasis,
      targetTemplate: X131,
    });
    expect(c.state).toMatchObject({ templateCode: 'xa-131-2025', step: 'tham_tra' });
    c.advance(30);
    expect(isOverdue(c.state, X131, CAL, c.now())).toBe(true);
    expect(stepDue(c.state, X131, CAL)).not.toBeNull();
    const flag = { roles: ['central' as const], reason: 'Theo dõi' };
    refused(
      c.codes('raise_flag', { flag: 'overdue' }, { roles: ['commune'], reason: 'x' }),
      'wrong_role',
    );
    refused(c.codes('raise_flag', { flag: 'overdue' }, { roles: ['central'] }), 'reason_required');
    refused(c.codes('clear_flag', { flag: 'overdue' }, flag), 'flag_not_raised');
    c.do('raise_flag', { flag: 'overdue' }, flag);
    refused(c.codes('raise_flag', { flag: 'overdue' }, flag), 'flag_already_raised');
    expect(c.state.flags).toEqual(['overdue']);
    c.do('clear_flag', { flag: 'overdue' }, flag);
    expect(c.state.flags).toEqual([]);
    c.push('declare_condition', { condition: 'no_security_issue', holds: false });
    refused(c.codes('clear_flag', { flag: 'security_issue' }, flag), 'flag_implied');
  });
  it('due dates and overdue', () => {
    const c = new Case(X131, 'commune_ntm', '2026-02-02');
    c.goTo('tham_tra');
    const entered = c.state.stepEnteredAt.slice(0, 10);
    expect(stepDue(c.state, X131, CAL)).toBe(
      // 20 working days on the calendar (Tết 2026 included).
      (() => {
        let d = entered;
        let n = 0;
        while (n < 20) {
          d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
          if (![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()) && !CAL.holidays.has(d)) n++;
        }
        return d;
      })(),
    );
    expect(isOverdue(c.state, X131, CAL, `${entered}T05:00:00Z`)).toBe(false);
    c.goTo('hoi_dong');
    expect(stepDue(c.state, X131, CAL)).toBeNull();
  });
});

describe('messages', () => {
  it('every refusal code of check.ts was produced by a test, and has vi and en messages', () => {
    const inSource = new Set(
      [...checkSource.matchAll(/refusal\(\s*'([a-z_]+)'/g)].map((m) => m[1] ?? ''),
    );
    for (const m of checkSource.matchAll(/'(flag_implied|flag_not_raised)'/g))
      inSource.add(m[1] ?? '');
    expect([...inSource].filter((code) => !seen.has(code)).sort()).toEqual([]);
    const catalogs = Object.values(messages);
    expect(catalogs).toHaveLength(2);
    for (const catalog of catalogs) {
      for (const code of inSource) expect(catalog[`errors.recognition.${code}`], code).toBeTruthy();
      for (const group of ['status', 'condition', 'verdict', 'field', 'kind', 'flag', 'action'])
        expect(
          Object.keys(catalog).some((k) => k.startsWith(`recognition.label.${group}.`)),
          group,
        ).toBe(true);
    }
  });
});

describe('properties of the derived state', () => {
  type Op = 'complete' | 'return' | 'refuse' | 'withdraw' | 'attach' | 'flag' | 'wait';
  const op = fc.constantFrom<Op>(
    'complete',
    'complete',
    'complete',
    'return',
    'refuse',
    'withdraw',
    'attach',
    'flag',
    'wait',
  );
  it('is deterministic, ignores the order the log is given in, and its visits tile the timeline', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 25 }),
        fc.constantFrom(X131, X18, H18),
        (ops, template) => {
          const c = new Case(template, template.kinds[0], template.validFrom);
          for (const o of ops) {
            const s = c.state;
            if (s.status !== 'in_progress') break;
            const step = template.steps.find((x) => x.code === s.step);
            if (!step) break;
            const roles = { roles: step.actor.roles };
            if (o === 'complete') c.completeStep();
            else if (o === 'return' && step.canReturn) {
              const to = step.returnTo ?? template.steps[0]?.code ?? '';
              const criteria = step.features.includes('criterion_review')
                ? [{ criterion: '1', reason: 'x' }]
                : [];
              c.do(
                'return',
                { fromStep: step.code, toStep: to, criteria },
                { ...roles, reason: 'Bổ sung' },
              );
            } else if (o === 'refuse' && step.canRefuse)
              c.do('refuse', {}, { ...roles, reason: 'Không đạt' });
            else if (o === 'withdraw' && !s.decision)
              c.do('withdraw', {}, { roles: template.steps[0]?.actor.roles ?? [] });
            else if (o === 'attach')
              c.do(
                'attach_document',
                { documentCode: 'other', fileId: `o${c.log.length}`, name: 'x' },
                roles,
              );
            else if (o === 'flag' && !s.raisedFlags.includes('needs_reroute'))
              c.do('raise_flag', { flag: 'needs_reroute' }, { roles: ['admin'], reason: 'x' });
            c.advance(1);
          }
          const a = deriveDossierState(c.log, templateOf);
          const b = deriveDossierState([...c.log].reverse(), templateOf);
          expect(b).toEqual(a);
          expect(deriveDossierState(c.log, templateOf)).toEqual(a);
          const v = a.visits;
          expect(v[0]?.enteredAt).toBe(c.log[0]?.at);
          for (let i = 0; i + 1 < v.length; i++) {
            expect(v[i]?.leftAt).toBe(v[i + 1]?.enteredAt);
            expect(v[i]?.outcome).not.toBeNull();
          }
          const last = v[v.length - 1];
          expect(last?.step).toBe(a.step);
          expect(last?.enteredAt).toBe(a.stepEnteredAt);
          expect(last?.leftAt === null).toBe(a.status === 'in_progress');
          expect(v.filter((x) => x.outcome === 'return')).toHaveLength(a.returns);
          for (const x of v) if (x.leftAt !== null) expect(x.leftAt >= x.enteredAt).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
