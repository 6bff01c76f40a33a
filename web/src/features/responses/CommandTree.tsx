import { useEffect, useState } from 'react';
import { ApartmentOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { TResponseTree } from '../../../../contracts/responses.ts';
import { AssignDialog, type AssignTarget } from '../assignments/AssignDialog.tsx';
import { NewBranchDialog } from '../orgs/NewBranchDialog.tsx';
import { BranchBlock, CommandUnitCard } from './CommandUnitCard.tsx';

/** The unit a `?unit=command_unit:7` or `?unit=org:4` link points at, ready to assign to. */
function findUnit(tree: TResponseTree, ref: string): AssignTarget | undefined {
  const [type, rawId] = ref.split(':');
  const id = Number(rawId);
  const units = [...(tree.command ? [tree.command] : []), ...tree.posts];
  if (type === 'command_unit') {
    const u = units.find((x) => x.id === id);
    return u && { unitType: 'command_unit', unitId: u.id, unitName: u.name, holders: u.people };
  }
  if (type === 'org') {
    const b = [...units.flatMap((u) => u.branches), ...tree.fieldBranches].find((x) => x.id === id);
    return b && !b.closed ? { unitType: 'org', unitId: b.id, unitName: b.name, holders: b.people } : undefined;
  }
  return undefined;
}

/**
 * "1+6+N": one district command, a frontline command post per locked-down town, the temporary
 * party branches under them, and the branches out at checkpoints and sampling points. A `?unit=` link (from the gaps report) scrolls to its unit, marks it,
 * and opens its assign dialog.
 */
export function CommandTree({ tree, mayChange }: { tree: TResponseTree; mayChange: boolean }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [focus, setFocus] = useState<string | null>(null);
  const [target, setTarget] = useState<AssignTarget | null>(null);
  const [newBranch, setNewBranch] = useState(false);
  const linked = params.get('unit');
  const units = [...(tree.command ? [tree.command] : []), ...tree.posts];
  const branchCount = units.reduce((n, u) => n + u.branches.length, tree.fieldBranches.length);

  useEffect(() => {
    if (!linked) return;
    setFocus(linked);
    const unit = findUnit(tree, linked);
    if (unit && mayChange) setTarget(unit);
    // Followed once: a reload after the fix should not open the dialog again.
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.delete('unit');
      return next;
    }, { replace: true });
  }, [linked, tree, mayChange, setParams]);

  useEffect(() => {
    if (focus) document.querySelector(`[data-unit="${CSS.escape(focus)}"]`)?.scrollIntoView({ block: 'center' });
  }, [focus]);

  // The dialog's holders follow the tree as it refreshes behind it.
  const openTarget = target && (findUnit(tree, `${target.unitType}:${target.unitId}`) ?? target);

  return (
    <div className="command-tree" data-testid="command-tree">
      <Card size="small" className="structure-counts">
        <div className="structure-counts-row">
          <Statistic title={t('responses.counts.command')} value={tree.command ? 1 : 0} data-testid="count-command" />
          <span className="structure-plus">+</span>
          <Statistic title={t('responses.counts.posts')} value={tree.posts.length} data-testid="count-posts" />
          <span className="structure-plus">+</span>
          <Statistic title={t('responses.counts.branches')} value={branchCount} data-testid="count-branches" />
          {mayChange && (
            <Button className="structure-action" icon={<ApartmentOutlined />} data-testid="new-branch" onClick={() => setNewBranch(true)}>
              {t('orgs.branch.action')}
            </Button>
          )}
        </div>
      </Card>
      {tree.command && <CommandUnitCard unit={tree.command} mayChange={mayChange} focus={focus} onAssign={setTarget} />}
      {tree.posts.length === 0 ? (
        <Card size="small"><Empty description={t('responses.noPosts')} /></Card>
      ) : (
        <Row gutter={[16, 16]} data-testid="command-posts">
          {tree.posts.map((post) => (
            <Col key={post.id} xs={24} xl={12}>
              <CommandUnitCard unit={post} mayChange={mayChange} focus={focus} onAssign={setTarget} />
            </Col>
          ))}
        </Row>
      )}
      {tree.fieldBranches.length > 0 && (
        <Card size="small" className="unit-card" title={t('responses.fieldBranches')} data-testid="field-branches">
          <div className="branches">
            {tree.fieldBranches.map((b) => <BranchBlock key={b.id} branch={b} mayChange={mayChange} focus={focus} onAssign={setTarget} />)}
          </div>
        </Card>
      )}
      <AssignDialog target={openTarget} onClose={() => setTarget(null)} />
      {mayChange && (
        <NewBranchDialog
          open={newBranch}
          responseId={tree.response.id}
          units={units}
          onClose={() => setNewBranch(false)}
          // A new branch's first post is its secretary: the assign dialog opens on it.
          onCreated={(org) => {
            setNewBranch(false);
            setFocus(`org:${org.id}`);
            setTarget({ unitType: 'org', unitId: org.id, unitName: org.name, holders: [] });
          }}
        />
      )}
    </div>
  );
}
