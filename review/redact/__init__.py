"""De-identification: mask personal data in a .docx, then check the written file for anything that survived."""
