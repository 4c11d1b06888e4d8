/** What 删除 asks of a nomination's photo, with and without scripts alike. */
export const removePhotoQuestion = (name: string) => `确定删除照片“${name}”吗？`;
