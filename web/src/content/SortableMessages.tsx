import type { ReactNode } from 'react';
import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useTranslation } from 'react-i18next';
import type { Keyed } from './drafts.ts';

export interface HandleProps {
  ref: (el: HTMLElement | null) => void;
  attributes: Record<string, unknown>;
  listeners: Record<string, unknown> | undefined;
}

function Item({ id, children }: { id: string; children: (handle: HandleProps) => ReactNode }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id });
  return (
    <div
      ref={setNodeRef}
      style={{
        transform: CSS.Transform.toString(transform),
        transition,
        opacity: isDragging ? 0.6 : 1,
        position: 'relative',
        zIndex: isDragging ? 2 : 'auto',
      }}
    >
      {children({ ref: setActivatorNodeRef, attributes: attributes as unknown as Record<string, unknown>, listeners })}
    </div>
  );
}

/**
 * Drag to reorder (pointer) or pick up with Space/Enter, move with the arrow keys and drop with Space (keyboard),
 * both from the handle; the screen reader hears where the message went.
 */
export function SortableMessages({
  items,
  onReorder,
  render,
}: {
  items: Keyed[];
  onReorder(next: Keyed[]): void;
  render(item: Keyed, index: number, handle: HandleProps): ReactNode;
}) {
  const { t } = useTranslation();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const position = (id: unknown) => items.findIndex((i) => i.key === id) + 1;
  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    const from = items.findIndex((i) => i.key === active.id);
    const to = items.findIndex((i) => i.key === over.id);
    if (from >= 0 && to >= 0) onReorder(arrayMove(items, from, to));
  }
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{
        announcements: {
          onDragStart: ({ active }) => t('reorder.pickedUp', { n: position(active.id) }),
          onDragOver: ({ active, over }) =>
            over ? t('reorder.over', { n: position(active.id), at: position(over.id) }) : t('reorder.notOver', { n: position(active.id) }),
          onDragEnd: ({ active, over }) =>
            over ? t('reorder.dropped', { n: position(active.id), at: position(over.id) }) : t('reorder.droppedNowhere'),
          onDragCancel: () => t('reorder.canceled'),
        },
        screenReaderInstructions: { draggable: t('reorder.instructions') },
      }}
    >
      <SortableContext items={items.map((i) => i.key)} strategy={verticalListSortingStrategy}>
        {items.map((item, i) => (
          <Item key={item.key} id={item.key}>
            {(handle) => render(item, i, handle)}
          </Item>
        ))}
      </SortableContext>
    </DndContext>
  );
}
