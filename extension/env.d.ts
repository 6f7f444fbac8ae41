interface ImportMetaEnv {
  /** Set in test builds only (`TABEL_TEST_HOOKS=1 wxt build`, into .output-test/): the background answers the test hooks (extension/messages.ts `TestProtocol`). */
  readonly TABEL_TEST_HOOKS?: boolean;
}
