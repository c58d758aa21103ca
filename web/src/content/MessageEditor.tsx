import type { TFunction } from 'i18next';
import type { MessageDraft, ValidationIssue } from '../api/types.ts';
import { errorAt } from '../campaigns/tabs/tab.ts';
import { asImage, asImagemap, asSticker, asText, asVideo, type MessageType } from './drafts.ts';
import { ImageMessageEditor } from './ImageMessageEditor.tsx';
import { ImagemapEditor } from './ImagemapEditor.tsx';
import { StickerMessageEditor } from './StickerMessageEditor.tsx';
import { TextMessageEditor } from './TextMessageEditor.tsx';
import { VideoMessageEditor } from './VideoMessageEditor.tsx';

/** A message type's name as the composer lists it (the "Add message" menu and each message's heading). */
export function typeName(t: TFunction, type: string): string {
  switch (type as MessageType) {
    case 'text':
      return t('content.text');
    case 'imagemap':
      return t('content.imagemap');
    case 'image':
      return t('composer.typeImage');
    case 'video':
      return t('composer.typeVideo');
    case 'sticker':
      return t('composer.typeSticker');
    case 'flex':
      return t('composer.typeFlex');
    default:
      return type;
  }
}

export interface EditorProps {
  ws: string;
  index: number;
  message: MessageDraft;
  onChange(m: object): void;
  issues: ValidationIssue[];
  attributes: string[];
  disabled: boolean;
}

/** The editor of one message by its type (Flex has its own editor, placed by the content tab). */
export function MessageEditor({ ws, index, message, onChange, issues, attributes, disabled }: EditorProps) {
  const common = { ws, index, onChange, issues, disabled };
  switch (message.type) {
    case 'text':
      return (
        <TextMessageEditor
          index={index}
          message={asText(message)}
          onChange={onChange}
          error={errorAt(issues, `content.messages[${index}]`, true)}
          attributes={attributes}
          disabled={disabled}
        />
      );
    case 'imagemap':
      return <ImagemapEditor {...common} message={asImagemap(message)} />;
    case 'image':
      return <ImageMessageEditor {...common} message={asImage(message)} />;
    case 'video':
      return <VideoMessageEditor {...common} message={asVideo(message)} />;
    case 'sticker':
      return <StickerMessageEditor {...common} message={asSticker(message)} />;
    default:
      return null;
  }
}
